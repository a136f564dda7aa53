package dev.pgrelay.testkit.testcontainers;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** What {@link PgRelayInFront} refuses before it starts anything; needs no Docker. */
class PgRelayInFrontStartTest {

    @Test
    void aContainerThatWasNeverStartedIsRefusedBecauseItHasNoMappedPortYet() {
        PostgreSQLContainer notStarted = new PostgreSQLContainer("postgres:17-alpine");

        assertThatThrownBy(() -> PgRelayInFront.of(notStarted))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("start the PostgreSQLContainer before pgrelay");
    }

    @Test
    void noContainerAtAllIsRefused() {
        assertThatThrownBy(PgRelayInFront::of)
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one PostgreSQLContainer");
    }
}
