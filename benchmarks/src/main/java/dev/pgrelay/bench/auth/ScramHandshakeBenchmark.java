package dev.pgrelay.bench.auth;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.pgrelay.bench.AverageTimeBenchmark;
import dev.pgrelay.protocol.auth.AuthenticationFailedException;
import dev.pgrelay.protocol.auth.ScramClient;
import dev.pgrelay.protocol.auth.ScramSecret;
import dev.pgrelay.protocol.auth.ScramServer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * CPU cost of SCRAM-SHA-256 on pgrelay's two sides of a login, with PostgreSQL's 4096 iterations:
 * <ul>
 *   <li>{@link #verifyClientProof}: pgrelay checking a client's proof (ScramServer), paid once per client login;
 *   <li>{@link #loginWithClientKey}: a whole exchange in which pgrelay logs in to a server with the ClientKey it
 *       recovered from the client (no PBKDF2 on either side), paid once per new server connection;
 *   <li>{@link #loginWithPassword}: a whole exchange from the password, as a driver does it, where the client's
 *       4096 PBKDF2 rounds dominate — the yardstick the two above are measured against.
 * </ul>
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ScramHandshakeBenchmark extends AverageTimeBenchmark {
    static final String PASSWORD = "benchmark password";
    private static final byte[] SALT = "pgrelay-bench-16".getBytes(UTF_8);
    /** Fixed nonces make the client's messages the same every time, so they are computed once in setUp. */
    private static final String CLIENT_NONCE = "rOprNGfwEbeRWgbNEkqO";
    private static final String SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";

    private ScramSecret secret;
    private byte[] clientFirst;
    private byte[] clientFinal;
    private byte[] clientKey;

    @Setup
    public void setUp() throws AuthenticationFailedException {
        secret = ScramSecret.fromPassword(PASSWORD, SALT, ScramSecret.DEFAULT_ITERATIONS);
        ScramClient client = new ScramClient("", PASSWORD, CLIENT_NONCE);
        ScramServer server = new ScramServer(secret, SERVER_NONCE);
        clientFirst = client.clientFirstMessage();
        clientFinal = client.handleServerFirst(server.handleClientFirst(clientFirst));
        client.verifyServerFinal(server.handleClientFinal(clientFinal));
        clientKey = server.clientKey();
    }

    /** pgrelay's side of a client login: server-first-message, then the proof check and server signature. */
    @Benchmark
    public byte[] verifyClientProof() throws AuthenticationFailedException {
        ScramServer server = new ScramServer(secret, SERVER_NONCE);
        server.handleClientFirst(clientFirst);
        return server.handleClientFinal(clientFinal);
    }

    /** pgrelay logging in to a server with a client's recovered key, both sides of the exchange. */
    @Benchmark
    public byte[] loginWithClientKey() throws AuthenticationFailedException {
        return exchange(ScramClient.withClientKey(clientKey, secret), new ScramServer(secret));
    }

    /** A driver logging in from the password, both sides of the exchange. */
    @Benchmark
    public byte[] loginWithPassword() throws AuthenticationFailedException {
        return exchange(new ScramClient(PASSWORD), new ScramServer(secret));
    }

    /** Runs one whole exchange and returns the server-final-message the client accepted. */
    static byte[] exchange(ScramClient client, ScramServer server) throws AuthenticationFailedException {
        byte[] serverFirst = server.handleClientFirst(client.clientFirstMessage());
        byte[] serverFinal = server.handleClientFinal(client.handleServerFirst(serverFirst));
        client.verifyServerFinal(serverFinal);
        return serverFinal;
    }
}
