package dev.pgrelay.proxy.server;

import dev.pgrelay.config.NodeConfig;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One logged-in connection to a PostgreSQL server and what a pool must know to reuse it safely: its transaction
 * status, how many ReadyForQuery messages it still owes, the settings pgrelay applied, the ParameterStatus values
 * the server reported, and its BackendKeyData for cancel requests.
 */
public final class ServerConnection {
    /** PgBouncer's state names, so operators recognise them in SHOW SERVERS. */
    public enum State { LOGIN, IDLE, ACTIVE, USED, CLOSED }

    private static final AtomicLong IDS = new AtomicLong();
    /** Like PgBouncer's max_prepared_statements: enough for typical ORMs, bounded server memory. */
    private static final int STATEMENT_CACHE_SIZE = 256;

    private final long id = IDS.incrementAndGet();
    private final Channel channel;
    private final NodeConfig node;
    private final String user;
    private final String database;
    private final long createdAtNanos = System.nanoTime();
    private final Map<String, String> parameterStatus = new ConcurrentHashMap<>();
    /** Settings pgrelay applied with set_config since the last reset, so the next lease only sends the difference. */
    private final Map<String, String> appliedSettings = new HashMap<>();
    /** What the server still owes the client it is leased to; touched only on that client's EventLoop. */
    private final PendingResponses pending = new PendingResponses();
    /** Prepared statements this connection holds for transaction-pooled clients. */
    private final StatementCache statements = new StatementCache(STATEMENT_CACHE_SIZE);
    private volatile char transactionStatus = 'I';
    /**
     * An extended-protocol request failed with no Sync to follow: PostgreSQL now discards every message until one.
     * Set by the client's translator when it sees the error, cleared by the next ReadyForQuery.
     */
    private volatile boolean awaitingSync;
    private volatile State state = State.LOGIN;
    private volatile ServerFrameSink sink;
    private volatile long idleSinceNanos = System.nanoTime();
    private volatile int backendProcessId;
    private volatile int backendSecretKey;
    private int cancelsInFlight;               // guarded by this
    private Runnable releaseAfterCancels;      // guarded by this
    /** The server ended the connection (FATAL/PANIC, or the socket closed) rather than pgrelay closing it. */
    private volatile boolean endedByServer;
    private final StallWatch stallWatch = new StallWatch();
    /** Why pgrelay gave up on this connection while it was leased ({@link #abandon}), for its client. */
    private volatile String abandonedBecause;

    ServerConnection(Channel channel, NodeConfig node, String user, String database) {
        this.channel = channel;
        this.node = node;
        this.user = user;
        this.database = database;
    }

    public long id() {
        return id;
    }

    public Channel channel() {
        return channel;
    }

    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    public NodeConfig node() {
        return node;
    }

    public String user() {
        return user;
    }

    public String database() {
        return database;
    }

    public Map<String, String> parameterStatus() {
        return parameterStatus;
    }

    public Map<String, String> appliedSettings() {
        return appliedSettings;
    }

    public char transactionStatus() {
        return transactionStatus;
    }

    void transactionStatus(char status) {
        this.transactionStatus = status;
        this.awaitingSync = false;   // every ReadyForQuery answers a Sync (or a simple query)
    }

    /** PostgreSQL reported an error and discards input until a Sync: not clean until its ReadyForQuery. */
    public void markAwaitingSync() {
        this.awaitingSync = true;
    }

    /** Whether PostgreSQL discards everything sent on this connection until a Sync. */
    public boolean awaitingSync() {
        return awaitingSync;
    }

    public PendingResponses pending() {
        return pending;
    }

    public StatementCache statements() {
        return statements;
    }

    public State state() {
        return state;
    }

    public void state(State newState) {
        if (newState == State.IDLE) {
            idleSinceNanos = System.nanoTime();
        }
        this.state = newState;
    }

    public long idleSinceNanos() {
        return idleSinceNanos;
    }

    public long createdAtNanos() {
        return createdAtNanos;
    }

    public ServerFrameSink sink() {
        return sink;
    }

    public void sink(ServerFrameSink sink) {
        this.sink = sink;
    }

    public int backendProcessId() {
        return backendProcessId;
    }

    public int backendSecretKey() {
        return backendSecretKey;
    }

    void backendKey(int processId, int secretKey) {
        this.backendProcessId = processId;
        this.backendSecretKey = secretKey;
    }

    /**
     * Clean means nothing in flight, no transaction open, and PostgreSQL not discarding input after an error:
     * safe to hand to another client as it is.
     */
    public boolean isClean() {
        return channel.isActive() && pending.isEmpty() && transactionStatus == 'I' && !awaitingSync;
    }

    StallWatch stallWatch() {
        return stallWatch;
    }

    /**
     * Whether the connection has owed its client an answer for at least {@code graceNanos} without a byte from the
     * server (see {@link StallWatch}); ask repeatedly, on the EventLoop of the client holding it. A connection
     * pgrelay is not reading from (its client is slow to take the answer) is not silent, only held back.
     */
    public boolean stalledFor(long graceNanos) {
        boolean reading = channel.config().isAutoRead();
        return isOpen() && stallWatch.silentLongerThan(pending, reading, System.nanoTime(), graceNanos);
    }

    /** Closes the connection under its client, which is told {@code why} ({@link #abandonedBecause()}). */
    public void abandon(String why) {
        abandonedBecause = why;
        close();
    }

    /** Why pgrelay closed this connection under its client, or null if it did not. */
    public String abandonedBecause() {
        return abandonedBecause;
    }

    public boolean isOpen() {
        return channel.isActive() && state != State.CLOSED;
    }

    /** A cancel for this connection's query is on its way to PostgreSQL. */
    public synchronized void cancelSent() {
        cancelsInFlight++;
    }

    /** PostgreSQL closed the cancel connection: it has signalled the backend; a deferred release may go ahead. */
    public void cancelFinished() {
        Runnable release;
        synchronized (this) {
            if (--cancelsInFlight > 0 || releaseAfterCancels == null) {
                return;
            }
            release = releaseAfterCancels;
            releaseAfterCancels = null;
        }
        release.run();
    }

    /**
     * While a cancel is in flight the connection must not serve anyone else: PostgreSQL signals the backend twice
     * (the process and its group), and a late signal would cancel the next client's statement. Returns true when
     * {@code release} was kept to run once the cancels have finished.
     */
    public synchronized boolean deferWhileCancelling(Runnable release) {
        if (cancelsInFlight == 0) {
            return false;
        }
        releaseAfterCancels = release;
        return true;
    }

    /**
     * Once the channel has closed: true when the server (or the network) ended this connection rather than
     * pgrelay on its own account — it sent FATAL/PANIC, or the socket closed while pgrelay had not closed it
     * (close-future listeners run before channelInactive, hence the state check). The node may be in trouble.
     */
    public boolean endedByServer() {
        return endedByServer || state != State.CLOSED;
    }

    void markEndedByServer() {
        if (state != State.CLOSED) {
            endedByServer = true;
        }
    }

    public void close() {
        state = State.CLOSED;
        channel.close();
    }

    @Override
    public String toString() {
        return "S-" + id + "(" + node.name() + " " + user + "@" + database + " pid " + backendProcessId + ")";
    }
}
