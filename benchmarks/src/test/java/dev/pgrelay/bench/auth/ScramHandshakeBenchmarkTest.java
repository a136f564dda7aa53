package dev.pgrelay.bench.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.protocol.auth.AuthenticationFailedException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each benchmark must measure a login that succeeds: a failing exchange would be measured as a fast one. */
class ScramHandshakeBenchmarkTest {
    private final ScramHandshakeBenchmark benchmark = new ScramHandshakeBenchmark();

    @BeforeEach
    void setUp() throws AuthenticationFailedException {
        benchmark.setUp();
    }

    @Test
    void verifyClientProofAcceptsTheProofAndAnswersWithTheServerSignature() throws AuthenticationFailedException {
        assertThat(new String(benchmark.verifyClientProof(), UTF_8)).startsWith("v=");
        assertThat(benchmark.verifyClientProof()).isEqualTo(benchmark.verifyClientProof());
    }

    @Test
    void loginWithClientKeyCompletesAnExchangeTheClientAccepts() throws AuthenticationFailedException {
        assertThat(new String(benchmark.loginWithClientKey(), UTF_8)).startsWith("v=");
    }

    @Test
    void loginWithPasswordCompletesAnExchangeTheClientAccepts() throws AuthenticationFailedException {
        assertThat(new String(benchmark.loginWithPassword(), UTF_8)).startsWith("v=");
    }
}
