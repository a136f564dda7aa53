package dev.pgrelay.proxy.client;

import dev.pgrelay.protocol.codec.PgFrameDecoder;
import dev.pgrelay.proxy.RelayContext;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;

/**
 * Builds each accepted client's pipeline: the frame decoder (startup phase first) and its session; TLS is added
 * in front of the decoder when the client asks for it.
 */
public final class ClientChannelInitializer extends ChannelInitializer<Channel> {
    private final RelayContext relay;
    private final CancelForwarder cancels;
    private final ClientTracker tracker;
    private final ChannelHandler byteMeter;

    public ClientChannelInitializer(RelayContext relay, ClientTracker tracker) {
        this(relay, tracker, null);
    }

    /** {@code byteMeter}, when given, goes first in every client pipeline (it must be @Sharable). */
    public ClientChannelInitializer(RelayContext relay, ClientTracker tracker, ChannelHandler byteMeter) {
        this.byteMeter = byteMeter;
        this.relay = relay;
        this.cancels = new CancelForwarder(relay.transport());
        this.tracker = tracker;
    }

    @Override
    protected void initChannel(Channel channel) {
        int maxMessage = (int) Math.min(Integer.MAX_VALUE, relay.config().limits().maxMessageSize());
        ClientSession session = new ClientSession(relay, cancels, relay.loginPolicy());
        if (byteMeter != null) {
            channel.pipeline().addLast("bytes", byteMeter);
        }
        channel.pipeline().addLast("frames", PgFrameDecoder.forClients(maxMessage));
        channel.pipeline().addLast("session", session);
        tracker.track(session, channel);
    }
}
