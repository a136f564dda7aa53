package dev.pgrelay.it.security;

import dev.pgrelay.protocol.auth.ScramClient;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** A socket that speaks the protocol byte by byte, for tests that must send what no driver would. */
final class RawClient implements AutoCloseable {
    private byte[] backendKey = new byte[8];
    /** One backend message: its type byte and body. */
    record Message(char type, byte[] body) {
        /** The fields of an ErrorResponse or NoticeResponse, by field code ('C' SQLSTATE, 'M' message). */
        Map<Character, String> fields() {
            Map<Character, String> fields = new HashMap<>();
            int start = 0;
            while (start < body.length && body[start] != 0) {
                int end = start + 1;
                while (body[end] != 0) {
                    end++;
                }
                fields.put((char) body[start], new String(body, start + 1, end - start - 1, StandardCharsets.UTF_8));
                start = end + 1;
            }
            return fields;
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawClient(String host, int port, int timeoutMillis) throws IOException {
        socket = new Socket(host, port);
        socket.setSoTimeout(timeoutMillis);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Half-closes the connection: the server sees end of stream after what was sent. */
    void finishSending() throws IOException {
        socket.shutdownOutput();
    }

    static byte[] startupPacket(String user, String database) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeInt(body, 196608);
        for (String part : new String[] {"user", user, "database", database}) {
            body.writeBytes(part.getBytes(StandardCharsets.UTF_8));
            body.write(0);
        }
        body.write(0);
        return withLength(body.toByteArray());
    }

    /** A typed frontend message: type byte, length, body. */
    static byte[] frame(char type, byte[] body) {
        ByteBuffer buffer = ByteBuffer.allocate(5 + body.length);
        buffer.put((byte) type).putInt(4 + body.length).put(body);
        return buffer.array();
    }

    static byte[] query(String sql) {
        return frame('Q', (sql + "\0").getBytes(StandardCharsets.UTF_8));
    }

    /** The CancelRequest for this connection's running query, once logged in (BackendKeyData: process id, key). */
    byte[] cancelRequest() {
        return ByteBuffer.allocate(16).putInt(16).putInt(80877102).put(backendKey).array();
    }

    /** Logs in with SCRAM-SHA-256 (or trust) and reads up to the first ReadyForQuery. */
    void login(String user, String password, String database) throws Exception {
        send(startupPacket(user, database));
        ScramClient scram = new ScramClient(password);
        while (true) {
            Message message = read();
            switch (message.type()) {
                case 'R' -> {
                    int code = ByteBuffer.wrap(message.body()).getInt();
                    if (code == 10) {
                        byte[] first = scram.clientFirstMessage();
                        ByteArrayOutputStream body = new ByteArrayOutputStream();
                        body.writeBytes("SCRAM-SHA-256\0".getBytes(StandardCharsets.US_ASCII));
                        writeInt(body, first.length);
                        body.writeBytes(first);
                        send(frame('p', body.toByteArray()));
                    } else if (code == 11) {
                        byte[] serverFirst = java.util.Arrays.copyOfRange(message.body(), 4, message.body().length);
                        send(frame('p', scram.handleServerFirst(serverFirst)));
                    } else if (code == 12) {
                        scram.verifyServerFinal(java.util.Arrays.copyOfRange(message.body(), 4, message.body().length));
                    }
                }
                case 'E' -> throw new IllegalStateException("login failed: " + message.fields());
                case 'Z' -> {
                    return;
                }
                case 'K' -> backendKey = message.body().clone();
                default -> {
                    // ParameterStatus
                }
            }
        }
    }

    Message read() throws IOException {
        char type = (char) in.readUnsignedByte();
        int length = in.readInt();
        byte[] body = new byte[length - 4];
        in.readFully(body);
        return new Message(type, body);
    }

    /** Reads until an ErrorResponse, returning its fields; fails if the connection closes or times out first. */
    Map<Character, String> readError() throws IOException {
        while (true) {
            Message message = read();
            if (message.type() == 'E') {
                return message.fields();
            }
        }
    }

    /**
     * Reads what comes until the server closes the connection: true if it closed within the socket timeout
     * (reset counts as closed), false if it was still open. {@code errors} collects every ErrorResponse seen.
     */
    boolean drainUntilClosed(Map<String, Integer> errors) throws IOException {
        try {
            while (true) {
                Message message = read();
                if (message.type() == 'E') {
                    errors.merge(message.fields().getOrDefault('C', "?"), 1, Integer::sum);
                }
            }
        } catch (EOFException | SocketException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static byte[] withLength(byte[] body) {
        return ByteBuffer.allocate(4 + body.length).putInt(4 + body.length).put(body).array();
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(value).array());
    }
}
