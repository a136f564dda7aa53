package dev.pgrelay.testkit.fault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;

/**
 * One client connection through a {@link FaultProxy}: a thread per direction copies bytes, applying the
 * proxy's current faults to each chunk. When either side ends, both sockets close.
 */
final class ProxiedConnection {

    private static final int CHUNK = 64 * 1024;

    private final FaultProxy proxy;
    private final Socket client;
    private volatile Socket node;

    ProxiedConnection(FaultProxy proxy, Socket client) {
        this.proxy = proxy;
        this.client = client;
    }

    /** Connects to the node on its own thread (a blackhole may hold that back) and then forwards both ways. */
    void start() {
        Thread toNode = new Thread(this::connectAndForward, "fault-proxy-" + proxy.name() + "-to-node");
        toNode.setDaemon(true);
        toNode.start();
    }

    /** Closes both sides with RST rather than FIN, so the peer sees "connection reset" like a real network fault. */
    void reset() {
        reset(client);
        Socket connected = node;
        if (connected != null) {
            reset(connected);
        }
        proxy.forget(this);
    }

    static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            // Already closed: nothing left to reset.
        }
    }

    private void connectAndForward() {
        try {
            client.setTcpNoDelay(true);
            if (!proxy.awaitPassable()) {
                reset();
                return;
            }
            node = proxy.connectToNode();
        } catch (IOException e) {
            // The node is down: pgrelay must see its connect fail, as it would without the proxy.
            reset();
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reset();
            return;
        }
        Thread toClient = new Thread(() -> copy(node, client, false), "fault-proxy-" + proxy.name() + "-to-client");
        toClient.setDaemon(true);
        toClient.start();
        copy(client, node, true);
    }

    private void copy(Socket from, Socket to, boolean towardServer) {
        byte[] chunk = new byte[CHUNK];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int read = in.read(chunk); read >= 0; read = in.read(chunk)) {
                if (!proxy.awaitPassable()) {
                    break;
                }
                Duration delay = proxy.faults().delayFor(towardServer);
                if (!delay.isZero()) {
                    Thread.sleep(delay.toMillis(), delay.toNanosPart() % 1_000_000);
                }
                out.write(chunk, 0, read);
                out.flush();
            }
            closeQuietly();
        } catch (IOException e) {
            // One side reset or closed: the other side must learn it the same way.
            reset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reset();
        }
    }

    /** A clean end (FIN) from one side ends the whole connection: PostgreSQL's protocol has no half-close. */
    private void closeQuietly() {
        try {
            client.close();
            Socket connected = node;
            if (connected != null) {
                connected.close();
            }
        } catch (IOException e) {
            // Closing what is already closed.
        }
        proxy.forget(this);
    }
}
