package dev.pgrelay.proxy.server;

import io.netty.buffer.ByteBuf;

/**
 * Whoever currently consumes a server connection's messages: the login exchange, an internal query, the idle
 * handler, or the client session it is leased to. Called on the server connection's EventLoop.
 */
public interface ServerFrameSink {

    /** A complete backend message (type byte first); the sink owns it and must release or forward it. */
    void onServerFrame(ServerConnection server, ByteBuf frame);

    /** The end of a read burst: the moment to flush whatever was forwarded. */
    default void onServerReadComplete(ServerConnection server) {
    }

    default void onServerWritabilityChanged(ServerConnection server, boolean writable) {
    }

    /** The connection is gone (server closed it, network error, or pgrelay closed it). */
    void onServerClosed(ServerConnection server, Throwable cause);
}
