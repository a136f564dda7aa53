package dev.pgrelay.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.testkit.junit.PgRelayTest.Lifecycle;
import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@PgRelayTest(lifecycle = Lifecycle.PER_METHOD)
class PerMethodLifecycleTest {

    private static final List<PgRelayEnvironment> SEEN = new CopyOnWriteArrayList<>();
    private PgRelayEnvironment fromBeforeEach;

    @BeforeEach
    void remember(PgRelayEnvironment env) {
        fromBeforeEach = env;
        SEEN.add(env);
    }

    @Test
    void firstTestGetsTheEnvironmentItsBeforeEachGot(PgRelayEnvironment env) {
        assertThat(env).isSameAs(fromBeforeEach);
    }

    @Test
    void secondTestGetsTheEnvironmentItsBeforeEachGot(PgRelayEnvironment env) {
        assertThat(env).isSameAs(fromBeforeEach);
    }

    @AfterAll
    static void eachTestHadItsOwnEnvironmentAndEachWasStopped() {
        assertThat(SEEN).hasSize(2).doesNotHaveDuplicates();
        assertThat(SEEN).allSatisfy(env -> assertThat(accepts(env.relayPort())).as("pgrelay of " + env).isFalse());
        assertThat(SEEN).allSatisfy(env -> assertThat(env.cluster().primary().isRunning()).isFalse());
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
