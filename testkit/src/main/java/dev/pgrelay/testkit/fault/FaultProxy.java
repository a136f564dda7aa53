package dev.pgrelay.testkit.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * A TCP forwarder on 127.0.0.1 between pgrelay and one PostgreSQL node that can be told to misbehave: add
 * latency, delay every query, swallow traffic (blackhole), reset new connections (refuse) or cut the open
 * ones. pgrelay's config names the proxy's port instead of the node's, so every connection pgrelay makes to
 * the node — health checks included — goes through here. Plain blocking sockets, two threads per connection:
 * test traffic is small and simple code is easier to trust than a fault injector with its own bugs.
 */
public final class FaultProxy implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final String name;
    private final InetSocketAddress target;
    private final ServerSocket listener;
    private final Set<ProxiedConnection> connections = ConcurrentHashMap.newKeySet();
    private final Object faultsChanged = new Object();
    private volatile NetworkFaults faults = NetworkFaults.NONE;
    private volatile boolean closed;

    private FaultProxy(String name, InetSocketAddress target, ServerSocket listener) {
        this.name = name;
        this.target = target;
        this.listener = listener;
    }

    /** Listens on a free port of 127.0.0.1 and forwards every connection to {@code targetHost:targetPort}. */
    public static FaultProxy start(String name, String targetHost, int targetPort) {
        try {
            ServerSocket listener = new ServerSocket();
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            FaultProxy proxy = new FaultProxy(name, new InetSocketAddress(targetHost, targetPort), listener);
            Thread acceptor = new Thread(proxy::acceptLoop, "fault-proxy-" + name + "-accept");
            acceptor.setDaemon(true);
            acceptor.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the fault proxy for " + name, e);
        }
    }

    public String host() {
        return listener.getInetAddress().getHostAddress();
    }

    public int port() {
        return listener.getLocalPort();
    }

    public NetworkFaults faults() {
        return faults;
    }

    /** Every chunk of bytes waits {@code delay} before it is passed on, in each direction: a round trip costs 2×. */
    public FaultProxy addLatency(Duration delay) {
        return change(current -> current.withLatency(delay));
    }

    /** Every chunk sent toward the node waits {@code delay}: each query, or pipelined batch, reaches it late. */
    public FaultProxy slowQueries(Duration delay) {
        return change(current -> current.withPerQueryDelay(delay));
    }

    /**
     * Nothing passes in either direction until {@link #heal()}: open connections hang (no error, as when packets
     * are dropped) and new ones are accepted but never reach the node. Held bytes are delivered on heal, as TCP
     * retransmission would, so the protocol stream stays intact.
     */
    public FaultProxy blackhole() {
        return change(current -> current.withBlackhole(true));
    }

    /** New connections are reset as soon as they are accepted (the node looks unreachable); open ones keep working. */
    public FaultProxy refuseConnections() {
        return change(current -> current.withRefusing(true));
    }

    /** Resets every open connection now (RST), as a dying node or a network flap would. */
    public FaultProxy dropConnections() {
        connections.forEach(ProxiedConnection::reset);
        return this;
    }

    /** A network partition: refuses new connections and resets the open ones. */
    public FaultProxy partition() {
        refuseConnections();
        return dropConnections();
    }

    /** Removes every fault; held (blackholed) traffic flows again. */
    public FaultProxy heal() {
        return change(current -> NetworkFaults.NONE);
    }

    /** Connections currently forwarded (or held by a blackhole). */
    public int openConnections() {
        return connections.size();
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // Closing is best effort: the accept thread ends either way once the socket is unusable.
        }
        connections.forEach(ProxiedConnection::reset);
        synchronized (faultsChanged) {
            faultsChanged.notifyAll();
        }
    }

    @Override
    public String toString() {
        return "fault proxy 127.0.0.1:" + port() + " -> " + name + " " + target.getHostString() + ":" + target.getPort()
                + " " + faults;
    }

    /** Blocks while a blackhole is on; returns false when the proxy closed meanwhile. */
    boolean awaitPassable() throws InterruptedException {
        synchronized (faultsChanged) {
            while (faults.blackholed() && !closed) {
                faultsChanged.wait();
            }
        }
        return !closed;
    }

    Socket connectToNode() throws IOException {
        Socket node = new Socket();
        node.setTcpNoDelay(true);
        node.connect(target, (int) CONNECT_TIMEOUT.toMillis());
        return node;
    }

    void forget(ProxiedConnection connection) {
        connections.remove(connection);
    }

    String name() {
        return name;
    }

    private FaultProxy change(UnaryOperator<NetworkFaults> update) {
        synchronized (faultsChanged) {
            faults = update.apply(faults);
            faultsChanged.notifyAll();
        }
        return this;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;   // closed
            }
            if (faults.refusing()) {
                ProxiedConnection.reset(client);
                continue;
            }
            ProxiedConnection connection = new ProxiedConnection(this, client);
            connections.add(connection);
            if (closed) {
                connection.reset();
            } else {
                connection.start();
            }
        }
    }
}
