package dev.pgrelay.proxy.client;

import dev.pgrelay.protocol.codec.PgFrameDecoder;
import dev.pgrelay.proxy.RelayContext;
import dev.pgrelay.proxy.net.Transport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import java.util.function.Supplier;

/**
 * Builds each accepted client's pipeline: the frame decoder (startup phase first) and its session; TLS is added
 * in front of the decoder when the client asks for it.
 */
public final class ClientChannelInitializer extends ChannelInitializer<Channel> {
    private final RelayContext relay;
    private final CancelForwarder cancels;
    private final ClientTracker tracker;
    private final Supplier<? extends ChannelHandler> byteMeters;

    public ClientChannelInitializer(RelayContext relay, ClientTracker tracker) {
        this(relay, tracker, null);
    }

    /** {@code byteMeters}, when given, makes the handler that goes first in each client pipeline. */
    public ClientChannelInitializer(RelayContext relay, ClientTracker tracker,
                                    Supplier<? extends ChannelHandler> byteMeters) {
        this.byteMeters = byteMeters;
        this.relay = relay;
        this.cancels = new CancelForwarder(relay.transport());
        this.tracker = tracker;
    }

    @Override
    protected void initChannel(Channel channel) {
        Transport.keepAlive(channel);
        int maxMessage = (int) Math.min(Integer.MAX_VALUE, relay.config().limits().maxMessageSize());
        ClientSession session = new ClientSession(relay, cancels, relay.loginPolicy());
        if (byteMeters != null) {
            channel.pipeline().addLast("bytes", byteMeters.get());
        }
        channel.pipeline().addLast("frames", PgFrameDecoder.forClients(maxMessage));
        channel.pipeline().addLast("session", session);
        tracker.track(session, channel);
    }
}
