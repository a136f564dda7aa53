package dev.pgrelay.cli;

import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control socket of `pgrelay testkit up` on 127.0.0.1: one request per connection, the line
 * {@code TOKEN COMMAND ARGS…}, answered by one line {@code ok …} or {@code error …}. Commands run one at a time,
 * in arrival order, so two fault commands never race on the same node. {@code down} asks `up` to stop.
 */
final class TestkitControl implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TestkitControl.class);
    static final String DOWN = "down";

    private final PgRelayEnvironment env;
    private final ServerSocket listener;
    private final String token;
    private final Runnable onDown;
    private final Thread thread;

    private TestkitControl(PgRelayEnvironment env, ServerSocket listener, String token, Runnable onDown) {
        this.env = env;
        this.listener = listener;
        this.token = token;
        this.onDown = onDown;
        this.thread = new Thread(this::serve, "pgrelay-testkit-control");
        this.thread.setDaemon(true);
    }

    static TestkitControl start(PgRelayEnvironment env, Runnable onDown) {
        try {
            ServerSocket listener = new ServerSocket();
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            byte[] secret = new byte[16];
            new SecureRandom().nextBytes(secret);
            TestkitControl control = new TestkitControl(env, listener, HexFormat.of().formatHex(secret), onDown);
            control.thread.start();
            return control;
        } catch (IOException e) {
            throw new UncheckedIOException("could not open the testkit control socket", e);
        }
    }

    int port() {
        return listener.getLocalPort();
    }

    String token() {
        return token;
    }

    /** Sends one request to a running `up` and returns its answer line. */
    static String request(int port, String token, List<String> command) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port);
             PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            out.println(token + " " + String.join(" ", command));
            String answer = in.readLine();
            if (answer == null) {
                throw new IOException("pgrelay testkit up closed the control connection without answering");
            }
            return answer;
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // The accept loop ends either way.
        }
    }

    private void serve() {
        while (!listener.isClosed()) {
            try (Socket client = listener.accept();
                 BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
                 PrintWriter out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.UTF_8)) {
                String line = in.readLine();
                out.println(line == null ? "error empty request" : answer(line));
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    log.warn("testkit control connection failed: {}", e.toString());
                }
            }
        }
    }

    private String answer(String line) {
        List<String> words = Arrays.stream(line.strip().split("\\s+")).toList();
        if (!tokenMatches(words.get(0))) {
            return "error wrong token: use the state file of this testkit";
        }
        if (words.size() < 2) {
            return "error no command";
        }
        String command = words.get(1);
        if (command.equals(DOWN)) {
            onDown.run();
            return "ok stopping";
        }
        Optional<TestkitFault> fault = TestkitFault.named(command);
        if (fault.isEmpty()) {
            return "error unknown fault " + command + " (pgrelay testkit fault --help lists them)";
        }
        try {
            String result = fault.get().apply(env, words.subList(2, words.size()));
            log.info("fault {}: {}", String.join(" ", words.subList(1, words.size())), result);
            return "ok " + result;
        } catch (RuntimeException e) {
            log.warn("fault {} failed: {}", command, e.getMessage());
            return "error " + e.getMessage().lines().findFirst().orElse(e.toString());
        }
    }

    private boolean tokenMatches(String presented) {
        // Constant time: the token is the only thing between a local user and killing the cluster.
        return MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
}
