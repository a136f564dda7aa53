package dev.pgrelay.proxy.client;

import dev.pgrelay.protocol.codec.PgFrameDecoder;
import dev.pgrelay.proxy.RelayContext;
import dev.pgrelay.proxy.security.LoginPolicy;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;

/**
 * Builds each accepted client's pipeline: the frame decoder (startup phase first) and its session; TLS is added
 * in front of the decoder when the client asks for it.
 */
public final class ClientChannelInitializer extends ChannelInitializer<Channel> {
    private final RelayContext relay;
    private final CancelForwarder cancels;
    private final ClientTracker tracker;
    private final LoginPolicy policy;

    public ClientChannelInitializer(RelayContext relay, ClientTracker tracker) {
        this.relay = relay;
        this.cancels = new CancelForwarder(relay.transport());
        this.tracker = tracker;
        this.policy = LoginPolicy.from(relay.config());
    }

    @Override
    protected void initChannel(Channel channel) {
        int maxMessage = (int) Math.min(Integer.MAX_VALUE, relay.config().limits().maxMessageSize());
        ClientSession session = new ClientSession(relay, cancels, policy);
        channel.pipeline().addLast("frames", PgFrameDecoder.forClients(maxMessage));
        channel.pipeline().addLast("session", session);
        tracker.track(session, channel);
    }
}
