package dev.pgrelay.bench.idle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IdleClientOptionsTest {

    @Test
    void defaultsToAppSecretBenchAndAWarmupOfAtMost500Clients() {
        IdleClientOptions options = IdleClientOptions.parse("--clients", "10000", "--target", "p=127.0.0.1:1:2");

        assertThat(options.clients()).isEqualTo(10000);
        assertThat(options.warmupClients()).isEqualTo(500);
        assertThat(options.threads()).isEqualTo(4);
        assertThat(options.settle()).isEqualTo(Duration.ofSeconds(3));
        assertThat(options.credentials()).isEqualTo(new PgLogin.Credentials("app", "secret", "bench"));
        assertThat(options.targets()).extracting(Target::name).containsExactly("p");
    }

    @Test
    void warmsUpWithNoMoreClientsThanMeasured() {
        assertThat(IdleClientOptions.parse("--clients", "20", "--target", "p=h:1:2").warmupClients()).isEqualTo(20);
    }

    @Test
    void takesEveryOptionAndSeveralTargets() {
        IdleClientOptions options = IdleClientOptions.parse("--clients", "5", "--threads", "2",
                "--warmup-clients", "0", "--settle-seconds", "1", "--user", "u", "--password", "p",
                "--database", "d", "--target", "a=h:1:2", "--target", "b=h:3:4");

        assertThat(options.threads()).isEqualTo(2);
        assertThat(options.warmupClients()).isZero();
        assertThat(options.settle()).isEqualTo(Duration.ofSeconds(1));
        assertThat(options.credentials()).isEqualTo(new PgLogin.Credentials("u", "p", "d"));
        assertThat(options.targets()).extracting(Target::name).containsExactly("a", "b");
    }

    @Test
    void namesWhatIsMissingOrWrong() {
        assertThatThrownBy(() -> IdleClientOptions.parse("--target", "a=h:1:2")).hasMessage("--clients is required");
        assertThatThrownBy(() -> IdleClientOptions.parse("--clients", "3"))
                .hasMessage("at least one --target is required");
        assertThatThrownBy(() -> IdleClientOptions.parse("--clients", "-3"))
                .hasMessageContaining("--clients must be a non-negative integer");
        assertThatThrownBy(() -> IdleClientOptions.parse("--clients", "0", "--target", "a=h:1:2"))
                .hasMessage("--clients must be positive");
        assertThatThrownBy(() -> IdleClientOptions.parse("--clients")).hasMessage("--clients needs a value");
        assertThatThrownBy(() -> IdleClientOptions.parse("--client", "3")).hasMessage("unknown option --client");
    }
}
