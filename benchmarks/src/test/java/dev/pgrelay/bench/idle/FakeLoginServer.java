package dev.pgrelay.bench.idle;

import dev.pgrelay.protocol.PgMessage;
import dev.pgrelay.protocol.backend.AuthenticationOk;
import dev.pgrelay.protocol.backend.ErrorResponse;
import dev.pgrelay.protocol.backend.ReadyForQuery;
import dev.pgrelay.protocol.frontend.StartupMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;

/**
 * A one-connection server for login tests: reads the StartupMessage, lets a test-supplied exchange authenticate
 * the client, then sends AuthenticationOk and ReadyForQuery — or the ErrorResponse the exchange failed with.
 */
final class FakeLoginServer implements AutoCloseable {
    /** The authentication part of a login, run with the client's connection. */
    @FunctionalInterface
    interface Exchange {
        /** @return an error to refuse the login with, or null to let the client in */
        ErrorResponse authenticate(Connection connection) throws Exception;
    }

    /** The server's end of the client connection, one frame at a time. */
    static final class Connection {
        private final DataInputStream in;
        private final OutputStream out;

        private Connection(Socket socket) throws IOException {
            this.in = new DataInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        /** Reads a typed frame from the client and returns its body (the caller releases it). */
        ByteBuf readBody(byte expectedType) throws IOException {
            byte type = in.readByte();
            if (type != expectedType) {
                throw new IOException("expected message type " + (char) expectedType + ", got " + (char) type);
            }
            byte[] body = new byte[in.readInt() - 4];
            in.readFully(body);
            return Unpooled.wrappedBuffer(body);
        }

        void send(PgMessage message) throws IOException {
            ByteBuf frame = Unpooled.buffer();
            try {
                message.writeTo(frame);
                out.write(ByteBufUtil.getBytes(frame));
                out.flush();
            } finally {
                frame.release();
            }
        }

        private StartupMessage readStartup() throws IOException {
            byte[] body = new byte[in.readInt() - 4];
            in.readFully(body);
            return StartupMessage.decode(Unpooled.wrappedBuffer(body));
        }
    }

    private final ServerSocket serverSocket;
    /** The StartupMessage the client sent, once the login is over. */
    final CompletableFuture<StartupMessage> startup = new CompletableFuture<>();

    FakeLoginServer(Exchange exchange) throws IOException {
        serverSocket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(() -> serve(exchange), "fake-login-server");
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(serverSocket.getInetAddress(), serverSocket.getLocalPort());
    }

    private void serve(Exchange exchange) {
        try (Socket socket = serverSocket.accept()) {
            Connection connection = new Connection(socket);
            StartupMessage message = connection.readStartup();
            ErrorResponse error = exchange.authenticate(connection);
            if (error != null) {
                connection.send(error);
            } else {
                connection.send(AuthenticationOk.INSTANCE);
                connection.send(ReadyForQuery.IDLE);
            }
            startup.complete(message);
            // Hold the connection until the client closes it, as a server holds an idle session.
            socket.getInputStream().transferTo(OutputStream.nullOutputStream());
        } catch (Exception e) {
            startup.completeExceptionally(e);
        }
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
    }
}
