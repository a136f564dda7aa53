package dev.pgrelay.it;

import static dev.pgrelay.it.Clients.queryString;
import static dev.pgrelay.it.Clients.throughRelay;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import dev.pgrelay.testkit.junit.PgRelayTest;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad bytes get a PostgreSQL ErrorResponse and a closed connection; pgrelay keeps serving everyone else. */
@PgRelayTest(poolMode = "session", poolSize = 2)
class MalformedInputTest {

    @Test
    void aStartupPacketWithAnImpossibleLengthGetsAProtocolViolation(PgRelayEnvironment env) throws Exception {
        Map<Character, String> error = sendRaw(env, new byte[] {0, 0, 0, 3, 1, 2, 3});
        assertThat(error.get('C')).isEqualTo("08P01");
        assertStillServing(env);
    }

    @Test
    void aHugeStartupLengthIsRejectedWithoutWaitingForTheBytes(PgRelayEnvironment env) throws Exception {
        Map<Character, String> error = sendRaw(env, new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 3, 0, 0});
        assertThat(error.get('C')).isEqualTo("08P01");
        assertStillServing(env);
    }

    @Test
    void anUnsupportedProtocolVersionIsRefused(PgRelayEnvironment env) throws Exception {
        Map<Character, String> error = sendRaw(env, new byte[] {0, 0, 0, 8, 0, 2, 0, 0});
        assertThat(error.get('C')).isEqualTo("0A000");
        assertStillServing(env);
    }

    @Test
    void anOversizedMessageAfterLoginIsRejected(PgRelayEnvironment env) throws Exception {
        try (Socket socket = new Socket(env.relayHost(), env.relayPort())) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            writeStartup(out, Map.of("user", env.user(), "database", env.database()));
            // Whatever authentication is asked for, answer with a 'p' message claiming 1.5 GB.
            in.readByte();
            int length = in.readInt();
            in.skipNBytes(length - 4);
            out.writeByte('p');
            out.writeInt(1_500_000_000);
            out.flush();
            Map<Character, String> error = readError(in);
            assertThat(error.get('C')).isIn("54000", "08P01");
        }
        assertStillServing(env);
    }

    private static Map<Character, String> sendRaw(PgRelayEnvironment env, byte[] bytes) throws IOException {
        try (Socket socket = new Socket(env.relayHost(), env.relayPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            Map<Character, String> error = readError(in);
            assertThat(in.read()).as("connection closed after the error").isEqualTo(-1);
            return error;
        }
    }

    private static Map<Character, String> readError(DataInputStream in) throws IOException {
        byte type = in.readByte();
        assertThat((char) type).as("message type").isEqualTo('E');
        int length = in.readInt();
        byte[] body = new byte[length - 4];
        in.readFully(body);
        Map<Character, String> fields = new HashMap<>();
        int i = 0;
        while (i < body.length && body[i] != 0) {
            char code = (char) body[i++];
            int end = i;
            while (body[end] != 0) {
                end++;
            }
            fields.put(code, new String(body, i, end - i, StandardCharsets.UTF_8));
            i = end + 1;
        }
        return fields;
    }

    private static void writeStartup(DataOutputStream out, Map<String, String> parameters) throws IOException {
        var body = new java.io.ByteArrayOutputStream();
        DataOutputStream b = new DataOutputStream(body);
        b.writeInt(196608);
        for (var e : parameters.entrySet()) {
            b.write(e.getKey().getBytes(StandardCharsets.UTF_8));
            b.writeByte(0);
            b.write(e.getValue().getBytes(StandardCharsets.UTF_8));
            b.writeByte(0);
        }
        b.writeByte(0);
        out.writeInt(body.size() + 4);
        out.write(body.toByteArray());
        out.flush();
    }

    private static void assertStillServing(PgRelayEnvironment env) throws Exception {
        try (Connection c = throughRelay(env)) {
            assertThat(queryString(c, "SELECT 'alive'")).isEqualTo("alive");
        }
    }
}
