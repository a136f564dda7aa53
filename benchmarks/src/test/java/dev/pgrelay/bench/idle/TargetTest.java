package dev.pgrelay.bench.idle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TargetTest {

    @Test
    void parsesNameAddressAndPid() {
        Target target = Target.parse("pgrelay=127.0.0.1:6432:4711");

        assertThat(target.name()).isEqualTo("pgrelay");
        assertThat(target.address().getHostString()).isEqualTo("127.0.0.1");
        assertThat(target.address().getPort()).isEqualTo(6432);
        assertThat(target.pid()).isEqualTo(4711);
    }

    @Test
    void refusesASpecWithoutNameOrPid() {
        assertThatThrownBy(() -> Target.parse("127.0.0.1:6432:4711")).hasMessageContaining("name=host:port:pid");
        assertThatThrownBy(() -> Target.parse("pgrelay=127.0.0.1:6432")).hasMessageContaining("name=host:port:pid");
        assertThatThrownBy(() -> Target.parse("pgrelay=127.0.0.1:x:1")).hasMessageContaining("must be numbers");
    }

    @Test
    void recognisesAJvmByItsCommand() {
        assertThat(new Target("self", null, ProcessHandle.current().pid()).isJvm()).isTrue();
    }
}
