package dev.pgrelay.proxy.client;

import dev.pgrelay.protocol.backend.ErrorResponse;
import dev.pgrelay.proxy.server.ServerConnection;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.ChannelFutureListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every open client connection, including ones still logging in (the registry only knows logged-in clients):
 * graceful shutdown must reach them all.
 */
public final class ClientTracker {
    private final Set<ClientSession> sessions = ConcurrentHashMap.newKeySet();
    /** Each open client's channel and connect time, for SHOW CLIENTS. */
    private final Map<ClientSession, Connected> connected = new ConcurrentHashMap<>();

    private record Connected(Channel channel, Instant since) {
    }

    void track(ClientSession session, Channel channel) {
        sessions.add(session);
        connected.put(session, new Connected(channel, Instant.now()));
        channel.closeFuture().addListener(f -> {
            sessions.remove(session);
            connected.remove(session);
            synchronized (this) {
                notifyAll();
            }
        });
    }

    /** Waits (on the caller's thread, never an EventLoop) until every client has gone, or the timeout passes. */
    public synchronized boolean awaitEmpty(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!sessions.isEmpty()) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, remaining);
        }
        return true;
    }

    public int size() {
        return sessions.size();
    }

    /** A server connection a client holds, and the client's EventLoop, which tracks the requests it sent there. */
    record LeasedServer(ClientSession session, ServerConnection server, EventLoop clientLoop) {
    }

    /** The server connections clients hold now (a snapshot). */
    List<LeasedServer> leasedServers() {
        List<LeasedServer> leased = new ArrayList<>();
        connected.forEach((session, client) -> {
            ServerConnection server = session.leasedServer();
            if (server != null) {
                leased.add(new LeasedServer(session, server, client.channel().eventLoop()));
            }
        });
        return leased;
    }

    /** A snapshot of every open client, logging in or logged in. */
    public List<ClientInfo> clients() {
        return connected.entrySet().stream()
                .map(entry -> entry.getKey().info(entry.getValue().channel(), entry.getValue().since()))
                .toList();
    }

    /** Sends {@code error} to the client with this id and closes it; false when no such client is connected. */
    public boolean terminate(long clientId, ErrorResponse error) {
        for (Map.Entry<ClientSession, Connected> entry : connected.entrySet()) {
            if (entry.getKey().info(entry.getValue().channel(), entry.getValue().since()).id() == clientId) {
                Channel channel = entry.getValue().channel();
                channel.writeAndFlush(error.encode(channel.alloc())).addListener(ChannelFutureListener.CLOSE);
                return true;
            }
        }
        return false;
    }

    public void beginShutdown() {
        sessions.forEach(ClientSession::beginShutdown);
    }
}
