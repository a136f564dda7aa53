package dev.pgrelay.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EmbeddedBinariesTest {

    @Test
    void embeddedBinariesWithoutPgBasebackupRunPrimaryAndStreamingReplicas() throws Exception {
        PgBinaries embedded = PgBinaries.embedded();
        assertThat(embedded.hasPgBasebackup()).isFalse();
        assertThat(embedded.version()).startsWith("15.");

        try (LocalPostgresCluster cluster = LocalPostgresCluster.builder().binaries(embedded).replicas(1).start()) {
            Sql.execute(cluster.primary(), "app", "CREATE TABLE streamed AS SELECT 'before' AS v");
            // Added to a running primary without pg_basebackup: stop the primary, copy it, start both.
            PgNode added = cluster.addReplica();
            Sql.execute(cluster.primary(), "app", "INSERT INTO streamed VALUES ('after')");
            cluster.awaitReplicasCaughtUp(Duration.ofSeconds(30));

            for (PgNode replica : cluster.replicas()) {
                assertThat(replica.isInRecovery()).isTrue();
                assertThat(Sql.column(replica, "app", "SELECT v FROM streamed ORDER BY v")).containsExactly("after", "before");
            }
            assertThat(cluster.replicas()).hasSize(2).contains(added);
            assertThat(Sql.column(added, "postgres", "SELECT version()")).singleElement().asString()
                    .contains("PostgreSQL " + embedded.version());
        }
    }
}
