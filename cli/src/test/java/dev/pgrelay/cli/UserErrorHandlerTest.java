package dev.pgrelay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.PgRelayStartException;
import dev.pgrelay.config.ConfigException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.BindException;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class UserErrorHandlerTest {

    @Test
    void aConfigErrorIsItsMessageAloneWithExit1() {
        ConfigException bad = new ConfigException("pgrelay.yaml:7: pool.size: must be at least 1, got 0", 7, "pool.size");

        Failure failure = failWith(new IllegalStateException("startup failed", bad));

        assertThat(failure.exitCode()).isEqualTo(1);
        assertThat(failure.err()).isEqualTo("pgrelay.yaml:7: pool.size: must be at least 1, got 0" + System.lineSeparator());
    }

    @Test
    void aStartFailureIsItsMessageAloneWithExit1() {
        Failure failure = failWith(new PgRelayStartException(
                "pgrelay could not listen on 127.0.0.1:6432: Address already in use", new BindException()));

        assertThat(failure.exitCode()).isEqualTo(1);
        assertThat(failure.err())
                .isEqualTo("pgrelay could not listen on 127.0.0.1:6432: Address already in use" + System.lineSeparator());
    }

    @Test
    void aBugKeepsItsStackTraceForTheReport() {
        Failure failure = failWith(new NullPointerException("pool was null"));

        assertThat(failure.exitCode()).isEqualTo(1);
        assertThat(failure.err()).contains("java.lang.NullPointerException: pool was null")
                .contains("at " + UserErrorHandlerTest.class.getName());
    }

    private record Failure(int exitCode, String err) {}

    private static Failure failWith(Exception toThrow) {
        StringWriter err = new StringWriter();
        int exitCode = new CommandLine(new Throwing(toThrow))
                .setExecutionExceptionHandler(new UserErrorHandler())
                .setErr(new PrintWriter(err, true))
                .execute();
        return new Failure(exitCode, err.toString());
    }

    @Command(name = "throwing")
    private static final class Throwing implements Callable<Integer> {
        private final Exception toThrow;

        Throwing(Exception toThrow) {
            this.toThrow = toThrow;
        }

        @Override
        public Integer call() throws Exception {
            throw toThrow;
        }
    }
}
