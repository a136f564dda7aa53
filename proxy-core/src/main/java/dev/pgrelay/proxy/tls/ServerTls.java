package dev.pgrelay.proxy.tls;

import dev.pgrelay.config.NodeConfig;
import dev.pgrelay.config.PgRelayConfig;
import dev.pgrelay.config.ServerTlsConfig;
import dev.pgrelay.config.ServerTlsMode;
import dev.pgrelay.protocol.SqlState;
import dev.pgrelay.proxy.PgErrorException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.nio.file.Path;

/**
 * TLS from pgrelay to PostgreSQL (tls.server), with libpq's sslmode meanings: {@code disable} never asks,
 * {@code prefer} asks and goes on in plaintext if the server says no, {@code require} insists but trusts any
 * certificate, {@code verify-ca} checks the chain against the CA file, {@code verify-full} also the host name.
 */
public final class ServerTls {
    /** SSLRequest (protocol-flow "SSL Session Encryption"): length 8, code 1234.5679. */
    private static final int SSL_REQUEST_CODE = 80877103;
    private static final String REPLY_HANDLER = "tls-reply";
    public static final ServerTls DISABLED = new ServerTls(ServerTlsMode.DISABLE, null);

    private final ServerTlsMode mode;
    private final SslContext context;

    private ServerTls(ServerTlsMode mode, SslContext context) {
        this.mode = mode;
        this.context = context;
    }

    /** Without a {@code tls} section pgrelay talks plaintext to servers, as before TLS existed. */
    public static ServerTls from(PgRelayConfig config) {
        return config.tls().map(tls -> of(tls.server())).orElse(DISABLED);
    }

    public static ServerTls of(ServerTlsConfig server) {
        if (server.mode() == ServerTlsMode.DISABLE) {
            return DISABLED;
        }
        try {
            SslContextBuilder builder = SslContextBuilder.forClient();
            if (server.mode().verifiesCertificate()) {
                builder.trustManager(server.ca().map(Path::toFile).orElseThrow());
            } else {
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE);   // libpq's require: encrypt only
            }
            // Netty 4.2 checks host names by default; only verify-full asks for that.
            builder.endpointIdentificationAlgorithm(server.mode() == ServerTlsMode.VERIFY_FULL ? "HTTPS" : null);
            return new ServerTls(server.mode(), builder.build());
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("tls.server: cannot use CA file " + server.ca().orElse(null) + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Runs the SSLRequest exchange on a freshly connected server channel, before any other byte; the future
     * completes once the channel may carry the StartupMessage (encrypted, or plaintext where the mode allows).
     */
    public Future<Void> negotiate(Channel channel, NodeConfig node) {
        Promise<Void> ready = channel.eventLoop().newPromise();
        if (context == null) {
            return ready.setSuccess(null);
        }
        channel.pipeline().addFirst(REPLY_HANDLER, new ReplyHandler(node, ready));
        ByteBuf request = channel.alloc().buffer(8).writeInt(8).writeInt(SSL_REQUEST_CODE);
        channel.writeAndFlush(request);
        return ready;
    }

    /** Reads the server's one-byte answer to SSLRequest and acts on it; then leaves the pipeline. */
    private final class ReplyHandler extends ChannelInboundHandlerAdapter {
        private final NodeConfig node;
        private final Promise<Void> ready;

        ReplyHandler(NodeConfig node, Promise<Void> ready) {
            this.node = node;
            this.ready = ready;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf reply = (ByteBuf) msg;
            try {
                ctx.pipeline().remove(this);
                int answer = reply.readableBytes() == 1 ? reply.getByte(reply.readerIndex()) : -1;
                if (answer == 'S') {
                    startHandshake(ctx.channel());
                } else if (answer == 'N' && mode == ServerTlsMode.PREFER) {
                    ready.trySuccess(null);
                } else if (answer == 'N') {
                    ready.tryFailure(failure("server does not support SSL, but tls.server.mode is "
                            + mode.configName()));
                } else {
                    // More than one byte: unencrypted data after 'S' could be injected (CVE-2021-23222).
                    ready.tryFailure(failure("unexpected answer to SSLRequest (" + reply.readableBytes()
                            + " bytes)"));
                }
            } finally {
                ReferenceCountUtil.release(reply);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            ready.tryFailure(failure("server closed the connection during SSL negotiation"));
            ctx.fireChannelInactive();
        }

        private void startHandshake(Channel channel) {
            SslHandler tls = context.newHandler(channel.alloc(), node.host(), node.port());
            channel.pipeline().addFirst("tls", tls);
            tls.handshakeFuture().addListener(done -> {
                if (done.isSuccess()) {
                    ready.trySuccess(null);
                } else {
                    ready.tryFailure(failure("SSL handshake failed: " + done.cause().getMessage()));
                }
            });
        }

        private PgErrorException failure(String detail) {
            return PgErrorException.fatal(SqlState.CONNECTION_FAILURE,
                    "could not connect to server " + node.name() + ": " + detail);
        }
    }
}
