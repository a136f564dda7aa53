package dev.pgrelay.proxy.client;

import dev.pgrelay.config.PoolMode;
import dev.pgrelay.config.UserConfig;
import dev.pgrelay.protocol.PgMessage;
import dev.pgrelay.protocol.ProtocolException;
import dev.pgrelay.protocol.SqlState;
import dev.pgrelay.protocol.backend.BackendKeyData;
import dev.pgrelay.protocol.backend.ErrorResponse;
import dev.pgrelay.protocol.backend.ParameterStatus;
import dev.pgrelay.protocol.backend.ReadyForQuery;
import dev.pgrelay.protocol.codec.Frames;
import dev.pgrelay.proxy.PgErrorException;
import dev.pgrelay.proxy.RelayContext;
import dev.pgrelay.proxy.Router;
import dev.pgrelay.proxy.pool.ServerPool;
import dev.pgrelay.proxy.security.LoginPolicy;
import dev.pgrelay.proxy.server.IdleSink;
import dev.pgrelay.proxy.server.InternalQuery;
import dev.pgrelay.proxy.server.PendingResponses;
import dev.pgrelay.proxy.server.ServerConnection;
import dev.pgrelay.proxy.server.ServerFrameSink;
import dev.pgrelay.proxy.sql.PinReason;
import dev.pgrelay.proxy.sql.SessionEffect;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.DecoderException;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection from StartupMessage to Terminate: authenticates it, leases server connections for it
 * (for the whole session, or per transaction), forwards frames both ways with back-pressure, and hands the
 * server connection back clean — reset, rolled back or closed, never dirty. Runs on the client's EventLoop;
 * server events arriving on another loop are moved onto this one.
 */
public final class ClientSession extends ChannelInboundHandlerAdapter implements ServerFrameSink {
    private static final Logger log = LoggerFactory.getLogger(ClientSession.class);
    private static final AtomicLong IDS = new AtomicLong();
    private static final String COMMIT_POSITION_SQL = "SELECT (pg_catalog.pg_current_wal_lsn() - '0/0')::bigint";

    /** The session's lifecycle; each transition happens in one place. */
    enum Phase { STARTUP, AUTHENTICATING, CONNECTING, READY, CLOSED }

    private final RelayContext relay;
    private final CancelForwarder cancels;
    private final LoginPolicy policy;
    private ClientTimeouts timeouts;
    private final long id = IDS.incrementAndGet();
    private Channel channel;
    private EventLoop loop;
    private Phase phase = Phase.STARTUP;
    private String userName;
    private String database;
    private volatile String applicationName;   // from the StartupMessage; SHOW CLIENTS reads it from elsewhere
    /** The client said goodbye (Terminate) rather than vanishing: what it sent before still runs to its end. */
    private boolean terminated;
    private UserConfig user;
    private SessionState sessionState;
    private ClientLogin login;
    private volatile ClientRegistry.BackendKey backendKey;
    private ScheduledFuture<?> loginTimeout;
    /** The server connection serving this client now; volatile because cancel requests read it from elsewhere. */
    private volatile ServerConnection server;
    private ServerPool pool;
    private boolean leasing;
    /** Client frames that arrived while no server connection could take them, in order. */
    private WaitingInput queued;
    private final ClientStatements statements = new ClientStatements();
    private RequestTranslator requests;
    private ResponseTranslator responses;
    private boolean shuttingDown;
    /** The FATAL error a server sent before closing, to tell the client why its statement failed. */
    private ErrorResponse serverFarewell;
    /** Since the last Sync, pgrelay answered this client's Parse messages itself (no server attached). */
    private boolean answeredWithoutServer;
    private ReadWriteRouting routing;
    /** Set while the client is inside a transaction that died with its server connection. */
    private LostTransaction lostTransaction;

    public ClientSession(RelayContext relay, CancelForwarder cancels, LoginPolicy policy) {
        this.relay = relay;
        this.cancels = cancels;
        this.policy = policy;
    }

    // ---------------------------------------------------------------- client side events

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        loop = ctx.channel().eventLoop();
        queued = new WaitingInput(channel);
        login = new ClientLogin(relay, policy, channel, failed -> closeWithError(failed.error()));
        timeouts = new ClientTimeouts(loop, () -> relay.config().limits());
        long timeoutMillis = relay.config().limits().clientLoginTimeout().toMillis();
        if (timeoutMillis > 0) {
            loginTimeout = loop.schedule(this::loginTimedOut, timeoutMillis, TimeUnit.MILLISECONDS);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            timeouts.clientActive();
            switch (phase) {
                case STARTUP -> onStartupPacket(msg);
                case AUTHENTICATING -> onAuthenticationFrame((ByteBuf) msg);
                case CONNECTING, READY -> onClientFrame((ByteBuf) msg);
                case CLOSED -> io.netty.util.ReferenceCountUtil.release(msg);
            }
        } catch (PgErrorException e) {
            closeWithError(e.error());
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ServerConnection current = server;
        if (current != null) {
            current.channel().flush();
            if (!current.channel().isWritable()) {
                channel.config().setAutoRead(false);   // the server is slow to take our writes: stop reading
            }
        }
        channel.flush();   // answers pgrelay gave itself (e.g. ParseComplete for a statement already prepared)
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ServerConnection current = server;
        if (current != null) {
            current.channel().config().setAutoRead(channel.isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        phase = Phase.CLOSED;
        timeouts.cancelAll();
        if (loginTimeout != null) {
            loginTimeout.cancel(false);
        }
        if (backendKey != null) {
            relay.clients().unregister(backendKey.processId(), this);
        }
        if (login != null && login.admitted()) {
            relay.clients().leave();
        }
        releaseQueued();
        ServerConnection current = server;
        if (current != null) {
            server = null;
            returnServer(current);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof ProtocolException protocol) {
            log.info("C-{}: protocol error from {}: {}", id, channel.remoteAddress(), protocol.getMessage());
            closeWithError(ErrorResponse.of("FATAL", protocol.sqlState(), protocol.getMessage()));
        } else if (root instanceof IOException) {
            ctx.close();   // the client went away; nobody left to tell
        } else {
            log.warn("C-{}: unexpected error, closing the client", id, root);
            closeWithError(ErrorResponse.of("FATAL", SqlState.INTERNAL_ERROR, "internal pgrelay error: " + root));
        }
    }

    // ---------------------------------------------------------------- startup and authentication

    private void onStartupPacket(Object packet) {
        ClientLogin.Identity identity = login.onStartupPacket(packet);
        phase = login.authenticating() ? Phase.AUTHENTICATING : phase;
        if (identity != null) {
            onAuthenticated(identity);
        }
    }

    private void onAuthenticationFrame(ByteBuf frame) {
        ClientLogin.Identity identity = login.onPasswordFrame(frame);
        if (identity != null) {
            onAuthenticated(identity);
        }
    }

    private void onAuthenticated(ClientLogin.Identity identity) {
        if (loginTimeout != null) {
            loginTimeout.cancel(false);
        }
        userName = identity.userName();
        database = identity.database();
        user = identity.user();
        applicationName = identity.parameters().settings().entrySet().stream()
                .filter(setting -> setting.getKey().equalsIgnoreCase("application_name"))
                .map(java.util.Map.Entry::getValue).findFirst().orElse(null);
        if (identity.adminConsole()) {
            phase = Phase.READY;
            log.info("C-{}: {} opened the admin console", id, userName);
            relay.admin().serve(channel, userName);
            return;
        }
        sessionState = new SessionState(identity.parameters());
        responses = new ResponseTranslator(channel, statements, sessionState);
        routing = new ReadWriteRouting(relay, transactionPooling(), statements);
        requests = new RequestTranslator(statements, transactionPooling(), responses, relay.analyzer(),
                this::onStatementExecuted);
        log.debug("C-{}: {} authenticated for database {}", id, userName, database);
        phase = Phase.CONNECTING;
        leaseServer();
    }

    private void loginTimedOut() {
        if (phase == Phase.STARTUP || phase == Phase.AUTHENTICATING) {
            closeWithError(ErrorResponse.of("FATAL", SqlState.PROTOCOL_VIOLATION,
                    "client did not finish logging in within "
                            + relay.config().limits().clientLoginTimeout().toMillis() + " ms"));
        }
    }

    /** The first server connection: proves the database exists and supplies the ParameterStatus the client expects. */
    private void completeLogin(ServerConnection leased) {
        backendKey = relay.clients().register(this);
        leased.parameterStatus().forEach((name, value) -> send(new ParameterStatus(name, value)));
        send(new BackendKeyData(backendKey.processId(), backendKey.secretKey()));
        send(ReadyForQuery.IDLE);
        channel.flush();
        phase = Phase.READY;
        log.debug("C-{}: ready on {}", id, leased);
    }

    // ---------------------------------------------------------------- leasing server connections

    private void leaseServer() {
        leasing = true;
        boolean forReads = phase == Phase.READY && routing.leaseForReads(queued, sessionState.isPinned());
        Future<Router.Lease> lease = forReads
                ? relay.router().leaseForRead(user, database, loop, routing.committedPosition())
                : relay.router().leasePrimary(user, database, loop);
        if (lease.isDone()) {
            // The common case under load: an idle connection on this loop, leased on the spot. Reading goes on;
            // turning autoRead off and on would cost two epoll_ctl calls per transaction for nothing.
            onLeaseDone(lease);
            return;
        }
        timeouts.waitingForServer(lease);   // client input meanwhile waits in the queue (bounded)
        lease.addListener((Future<Router.Lease> leased) -> onLeaseDone(leased));
    }

    private void onLeaseDone(Future<Router.Lease> leased) {
        if (leased.isSuccess()) {
            pool = leased.getNow().pool();
            onLeased(leased.getNow().server());
        } else {
            onLeaseFailed(timeouts.leaseFailure(leased.cause()));
        }
    }

    private void onLeased(ServerConnection leased) {
        if (phase == Phase.CLOSED) {
            leasing = false;
            pool.release(leased);
            return;
        }
        List<String> settings = sessionState.statementsToApply(leased);
        if (settings.isEmpty()) {
            onServerReady(leased);
            return;
        }
        InternalQuery.run(leased, settings, loop).addListener(f -> {
            if (f.isSuccess()) {
                sessionState.applied(leased);
                onServerReady(leased);
            } else {
                leasing = false;
                pool.release(leased);
                onLeaseFailed(f.cause());
            }
        });
    }

    private void onServerReady(ServerConnection leased) {
        leasing = false;
        timeouts.serverLeaseEnded();
        if (phase == Phase.CLOSED) {
            pool.release(leased);
            return;
        }
        if (phase == Phase.CONNECTING) {
            completeLogin(leased);
            if (relay.config().pool().mode() != PoolMode.SESSION && queued.isEmpty()) {
                pool.release(leased);
                channel.config().setAutoRead(true);
                return;
            }
        }
        attach(leased);
        while (!queued.isEmpty()) {
            forwardToServer(queued.poll());
        }
        leased.channel().flush();
        channel.config().setAutoRead(true);
    }

    private void onLeaseFailed(Throwable cause) {
        leasing = false;
        timeouts.serverLeaseEnded();
        ErrorResponse error = PgErrorException.toClientError(cause, "could not get a server connection");
        if (phase == Phase.CONNECTING || relay.config().pool().mode() == PoolMode.SESSION) {
            closeWithError(asFatal(error));
            return;
        }
        // Transaction pooling: the client stays connected; every statement it sent gets the error.
        int answers = 0;
        while (!queued.isEmpty()) {
            ByteBuf frame = queued.poll();
            byte type = Frames.type(frame);
            frame.release();
            if (type == 'Q' || type == 'S' || type == 'F') {
                answers++;
            }
        }
        for (int i = 0; i < answers; i++) {
            send(asError(error));
            send(ReadyForQuery.IDLE);
        }
        channel.flush();
        channel.config().setAutoRead(true);
    }

    private void attach(ServerConnection leased) {
        server = leased;
        leased.sink(this);
        leased.channel().config().setAutoRead(channel.isWritable());
    }

    // ---------------------------------------------------------------- forwarding

    private void onClientFrame(ByteBuf frame) {
        if (Frames.type(frame) == 'X') {   // Terminate: the server connection stays with pgrelay
            frame.release();
            terminated = true;
            channel.close();
            return;
        }
        if (lostTransaction != null) {
            if (lostTransaction.answer(frame)) {
                lostTransaction = null;
            }
            return;
        }
        boolean mustWait;
        try {
            if (server == null && queued.isEmpty() && !leasing && phase == Phase.READY
                    && answerWithoutServer(frame)) {
                return;
            }
            mustWait = server == null || !queued.isEmpty() || routing.mustLeaveReplica(frame, server);
        } catch (RuntimeException malformed) {   // a body too short for what its type promises
            char type = (char) Frames.type(frame);
            frame.release();
            throw new ProtocolException(SqlState.PROTOCOL_VIOLATION,
                    "malformed '" + type + "' message: " + malformed.getMessage());
        }
        answeredWithoutServer = false;
        if (mustWait) {
            queued.add(frame);   // in order: behind frames still waiting for their server (or the replica's lease end)
            if (server == null && !leasing && phase == Phase.READY) {
                leaseServer();
            }
            return;
        }
        forwardToServer(frame);
    }

    /**
     * Between transactions a client may prepare statements without holding a server connection: Parse, then Sync
     * or Flush, are answered by pgrelay. Drivers that prepare synchronously (pgbench -M prepared, libpq PQprepare)
     * would otherwise need a free server connection just to name a statement, and with more clients than
     * connections they can deadlock against their own clients that hold one mid-transaction.
     */
    private boolean answerWithoutServer(ByteBuf frame) {
        if (requests.defineWithoutServer(frame)) {
            channel.write(SyntheticResponses.parseComplete(), channel.voidPromise());
            answeredWithoutServer = true;
            return true;
        }
        if (!answeredWithoutServer) {
            return false;
        }
        byte type = Frames.type(frame);
        if (type == 'S') {
            frame.release();
            send(ReadyForQuery.IDLE);
            answeredWithoutServer = false;
            return true;
        }
        if (type == 'H') {
            frame.release();   // channelReadComplete flushes the ParseComplete already written
            return true;
        }
        return false;
    }

    private void forwardToServer(ByteBuf frame) {
        if (phase == Phase.CLOSED) {
            frame.release();   // queued frames behind a malformed one: the client is being disconnected
            return;
        }
        try {
            requests.forward(frame, server);
        } catch (ProtocolException | IndexOutOfBoundsException malformed) {
            // A message pgrelay must decode (Close, Parse, Bind, ...) was malformed or truncated; this can run in
            // a lease listener, outside channelRead, so it is answered here rather than left to escape (fuzzing).
            if (frame.refCnt() > 0) {
                frame.release();
            }
            String state = malformed instanceof ProtocolException protocol ? protocol.sqlState()
                    : SqlState.PROTOCOL_VIOLATION;
            closeWithError(ErrorResponse.of("FATAL", state, "invalid message format: " + malformed.getMessage()));
        }
    }

    @Override
    public void onServerFrame(ServerConnection from, ByteBuf frame) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> onServerFrame(from, frame));
            return;
        }
        if (from != server || phase == Phase.CLOSED) {
            frame.release();   // a late frame from a connection this session no longer holds
            return;
        }
        byte type = Frames.type(frame);
        if (type == 'E' && relay.config().pool().mode() != PoolMode.SESSION
                && ErrorResponse.decode(Frames.body(frame)).isFatal()) {
            // The server is about to close this connection (terminated, crashed, shut down). In transaction
            // pooling the client outlives it: onServerClosed answers what was in flight, with this reason.
            serverFarewell = ErrorResponse.decode(Frames.body(frame));
            frame.release();
            return;
        }
        boolean readyForQuery = type == 'Z';
        if (readyForQuery && relay.config().pool().mode() == PoolMode.STATEMENT
                && from.transactionStatus() != 'I' && from.pending().size() == 1) {
            // A transaction block began: in its place the client gets the reason, and the server is rolled back.
            frame.release();
            from.pending().removeHead();
            closeWithError(ErrorResponse.of("FATAL", SqlState.FEATURE_NOT_SUPPORTED,
                    "transaction blocks are not allowed in statement pooling mode",
                    "Use pool.mode: transaction for clients that need multi-statement transactions."));
            return;
        }
        responses.onServerFrame(from, frame);
        if (readyForQuery) {
            onReadyForQuery(from);
        }
    }

    /** ReadyForQuery decides release: the last owed answer, with status 'I', frees the server in transaction mode. */
    private void onReadyForQuery(ServerConnection from) {
        if (!from.pending().isEmpty()) {
            return;   // more answers are owed: the client pipelined
        }
        if (shuttingDown) {
            channel.flush();
            closeWithError(ErrorResponse.of("FATAL", SqlState.ADMIN_SHUTDOWN,
                    "terminating connection because pgrelay is shutting down"));
            return;
        }
        if (from.transactionStatus() != 'I') {
            timeouts.idleInTransaction(() -> closeWithError(ClientTimeouts.idleInTransactionError().error()));
            return;   // the transaction goes on: the server stays with the client
        }
        boolean keepsServer = !transactionPooling() || sessionState.isPinned();
        if (keepsServer && sessionState.reapplyNeeded()) {
            reapplySettings(from);
        } else if (!keepsServer && routing.wantsCommitPosition()) {
            recordCommitPositionThenRelease(from);
        } else if (!keepsServer) {
            releaseServer(from);
        }
    }

    private void releaseServer(ServerConnection from) {
        channel.flush();
        detach(from);
        routing.leaseEnded();
        pool.release(from);
        if (!queued.isEmpty()) {
            leaseServer();   // frames that had to wait for this lease to end
        }
    }

    /**
     * Read-your-writes: after a transaction on the primary, note the primary's WAL position; this client's
     * reads then go only to replicas that have replayed that far. Costs one round trip per such transaction.
     */
    private void recordCommitPositionThenRelease(ServerConnection from) {
        channel.flush();
        detach(from);
        leasing = true;   // client frames wait in the queue meanwhile
        InternalQuery.run(from, List.of(COMMIT_POSITION_SQL), loop).addListener((Future<List<List<String>>> f) -> {
            leasing = false;
            channel.config().setAutoRead(true);   // in case the queue filled up and stopped reading
            routing.committedAt(f.isSuccess() ? Long.valueOf(f.getNow().get(0).get(0)) : null);
            if (phase == Phase.CLOSED) {
                pool.release(from);
                return;
            }
            releaseServer(from);
        });
    }

    /** RESET brought a setting back to the server's default; the client expects the value it connected with. */
    private void reapplySettings(ServerConnection from) {
        leasing = true;   // client frames wait in the queue meanwhile
        server = null;
        InternalQuery.run(from, sessionState.statementsToApply(from), loop).addListener(f -> {
            if (f.isSuccess()) {
                sessionState.applied(from);
                onServerReady(from);
            } else {
                leasing = false;
                closeWithError(PgErrorException.toClientError(f.cause(), "could not restore session settings"));
            }
        });
    }

    private boolean transactionPooling() {
        return relay.config().pool().mode() != PoolMode.SESSION;
    }

    /** A statement is on its way to the server: note what it does to the session; pin when it must. */
    private void onStatementExecuted(List<SessionEffect> effects) {
        if (effects.isEmpty()) {
            return;
        }
        PinReason pinned = sessionState.onStatement(effects);
        if (pinned != null && transactionPooling()) {
            relay.pins().record(pinned);
            log.info("C-{}: pinned to its server connection until it disconnects ({})", id, pinned);
        }
    }

    @Override
    public void onServerReadComplete(ServerConnection from) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> onServerReadComplete(from));
            return;
        }
        channel.flush();
        if (from == server && !channel.isWritable()) {
            from.channel().config().setAutoRead(false);   // the client is slow: stop reading from the server
        }
    }

    @Override
    public void onServerWritabilityChanged(ServerConnection from, boolean writable) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> onServerWritabilityChanged(from, writable));
            return;
        }
        if (from == server && writable && !leasing) {
            channel.config().setAutoRead(true);
        }
    }

    @Override
    public void onServerClosed(ServerConnection from, Throwable cause) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> onServerClosed(from, cause));
            return;
        }
        if (from != server || phase == Phase.CLOSED) {
            return;
        }
        server = null;
        log.info("C-{}: lost server connection {}{}", id, from, cause == null ? "" : ": " + cause);
        int owed = from.pending().readyForQueryOwed();
        boolean partialBatch = !from.pending().isEmpty()
                && !PendingResponses.endsWithReadyForQuery(from.pending().tailKind());
        String reason = serverFarewell != null ? serverFarewell.message() : from.abandonedBecause();
        serverFarewell = null;
        if (relay.config().pool().mode() == PoolMode.SESSION || partialBatch || sessionState.isPinned()) {
            // The session's state lived on that connection (or the client is mid-batch): it cannot go on.
            closeWithError(asFatal(LostTransaction.connectionLost(from.node().name(), reason)));
            return;
        }
        // Transaction pooling: what was in flight failed, the client connection stays. Inside a transaction the
        // client is answered as in an aborted transaction until it ends it.
        boolean transactionOpen = from.transactionStatus() != 'I';
        ErrorResponse lost = LostTransaction.connectionLost(from.node().name(), reason);
        for (int i = 0; i < owed; i++) {
            send(lost);
            send(transactionOpen ? ReadyForQuery.FAILED : ReadyForQuery.IDLE);
        }
        if (transactionOpen) {
            lostTransaction = new LostTransaction(statements, this::send);
        }
        channel.flush();
        channel.config().setAutoRead(true);
    }

    private void detach(ServerConnection from) {
        server = null;
        from.sink(IdleSink.INSTANCE);
        from.channel().config().setAutoRead(true);
    }

    /** After the client left: session pooling resets the connection; transaction pooling only cleans it up. */
    private void returnServer(ServerConnection from) {
        server = null;
        boolean sessionStateLeft = !transactionPooling() || sessionState.isPinned();
        ServerCheckIn.checkIn(from, pool, sessionStateLeft ? relay.config().pool().resetQuery() : null,
                terminated ? null : cancels);
    }

    // ---------------------------------------------------------------- cancel and shutdown

    /**
     * Forwards a cancel to the server running this client's query if the key matches; harmless when the client
     * is idle. Called from the cancel connection's EventLoop, hence the volatile reads. The returned future, on
     * {@code replyLoop}, completes once PostgreSQL has signalled the backend (it closed the forwarded cancel's
     * connection), or at once when nothing was forwarded.
     */
    Future<Void> cancelRunningQuery(int secretKey, EventLoop replyLoop) {
        Promise<Void> delivered = replyLoop.newPromise();
        ClientRegistry.BackendKey key = backendKey;
        if (key == null || key.secretKey() != secretKey) {
            return delivered.setSuccess(null);
        }
        loop.execute(() -> {
            // Only while the server is working for this client: a cancel that arrives after the answer would
            // otherwise hit whatever the connection runs next, maybe for another client.
            ServerConnection current = server;
            if (current != null && !current.pending().isEmpty()) {
                cancels.send(current).addListener(sent -> delivered.trySuccess(null));
            } else {
                delivered.trySuccess(null);
            }
        });
        return delivered;
    }

    /** Graceful shutdown: idle clients are told and closed now, busy ones when their transaction ends. */
    public void beginShutdown() {
        if (!loop.inEventLoop()) {
            loop.execute(this::beginShutdown);
            return;
        }
        shuttingDown = true;
        ServerConnection current = server;
        boolean idle = phase != Phase.READY
                || (current == null ? !leasing : current.isClean());
        if (idle && phase != Phase.CLOSED) {
            closeWithError(ErrorResponse.of("FATAL", SqlState.ADMIN_SHUTDOWN,
                    "terminating connection because pgrelay is shutting down"));
        }
    }

    /** A snapshot for SHOW CLIENTS and metrics; read from other threads, so it may be a moment old. */
    ClientInfo info(Channel clientChannel, java.time.Instant connectedAt) {
        Phase now = phase;
        ServerConnection current = server;
        String state = now == Phase.STARTUP || now == Phase.AUTHENTICATING ? "login"
                : current != null ? "active" : leasing ? "waiting" : "idle";
        return new ClientInfo(id, userName, database, state, clientChannel.remoteAddress(),
                clientChannel.localAddress(), connectedAt, current,
                clientChannel.pipeline().get(io.netty.handler.ssl.SslHandler.class) != null, applicationName);
    }

    /** The server connection this client holds now, or null; any thread may ask. */
    ServerConnection leasedServer() {
        return server;
    }

    public boolean isClosed() {
        return phase == Phase.CLOSED;
    }

    // ---------------------------------------------------------------- helpers

    private void send(PgMessage message) {
        channel.write(message.encode(channel.alloc()), channel.voidPromise());
    }

    /** Sends the error, flushes, then closes: the client always learns why it was disconnected. */
    private void closeWithError(ErrorResponse error) {
        if (phase == Phase.CLOSED || !channel.isActive()) {
            channel.close();
            return;
        }
        phase = Phase.CLOSED;
        channel.config().setAutoRead(false);
        channel.writeAndFlush(error.encode(channel.alloc())).addListener(ChannelFutureListener.CLOSE);
    }

    private void releaseQueued() {
        if (queued != null) {
            queued.releaseAll();
        }
    }


    private static ErrorResponse asError(ErrorResponse error) {
        return ErrorResponse.of("ERROR", error.sqlState(), error.message(), error.hint());
    }

    private static ErrorResponse asFatal(ErrorResponse error) {
        return error.isFatal() ? error : ErrorResponse.of("FATAL", error.sqlState(), error.message(), error.hint());
    }

    @Override
    public String toString() {
        return "C-" + id + "(" + userName + "@" + database + ")";
    }
}
