package dev.pgrelay.proxy.tls;

import dev.pgrelay.config.ClientTlsConfig;
import dev.pgrelay.config.ClientTlsMode;
import dev.pgrelay.config.PgRelayConfig;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * TLS towards clients (tls.client): answers an SSLRequest with 'S' and starts the handshake when a certificate
 * is configured, and tells whether a plaintext client may go on ({@code require} says no).
 */
public final class ClientTls {
    private static final String HANDLER_NAME = "tls";

    private final ClientTlsMode mode;
    private final SslContext context;   // null when mode is disable

    private ClientTls(ClientTlsMode mode, SslContext context) {
        this.mode = mode;
        this.context = context;
    }

    /** Reads certificate and key once at start; a bad file stops pgrelay from starting with a clear message. */
    public static ClientTls from(PgRelayConfig config) {
        ClientTlsConfig client = config.tls().map(tls -> tls.client()).orElse(ClientTlsConfig.DEFAULT);
        if (client.mode() == ClientTlsMode.DISABLE) {
            return new ClientTls(ClientTlsMode.DISABLE, null);
        }
        Path cert = client.cert().orElseThrow();
        Path key = client.key().orElseThrow();
        try (var certIn = Files.newInputStream(cert); var keyIn = Files.newInputStream(key)) {
            return new ClientTls(client.mode(), SslContextBuilder.forServer(certIn, keyIn).build());
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("tls.client: cannot use " + cert + " and " + key + " (a PEM certificate"
                    + " chain and an unencrypted PKCS#8 PEM key are needed; convert a key with"
                    + " openssl pkcs8 -topk8 -nocrypt): " + e.getMessage(), e);
        }
    }

    public boolean offered() {
        return context != null;
    }

    /** True when a client on this channel has not encrypted and the mode requires it to. */
    public boolean refusesPlaintext(Channel channel) {
        return mode == ClientTlsMode.REQUIRE && !isEncrypted(channel);
    }

    public static boolean isEncrypted(Channel channel) {
        return channel.pipeline().get(HANDLER_NAME) != null;
    }

    /**
     * Answers an SSLRequest: 'S' then the TLS handshake (the byte must go out in plaintext, so the handler is
     * added after writing it), or 'N' when TLS is off or the channel is already encrypted.
     */
    public void answerSslRequest(Channel channel) {
        boolean accept = offered() && !isEncrypted(channel);
        channel.writeAndFlush(channel.alloc().buffer(1).writeByte(accept ? 'S' : 'N'));
        if (accept) {
            SslHandler handler = context.newHandler(channel.alloc());
            channel.pipeline().addFirst(HANDLER_NAME, handler);
        }
    }
}
