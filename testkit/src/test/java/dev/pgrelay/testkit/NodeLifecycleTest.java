package dev.pgrelay.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeLifecycleTest {

    @Test
    void immediateStopThenStartServesCommittedDataAgain() throws Exception {
        try (LocalPostgresCluster cluster = LocalPostgresCluster.builder().start()) {
            PgNode primary = cluster.primary();
            Sql.execute(primary, "app", "CREATE TABLE kept AS SELECT 'kept' AS v");

            primary.stop(StopMode.IMMEDIATE);
            assertThat(primary.isRunning()).isFalse();
            assertThatThrownBy(() -> primary.connect("app")).isInstanceOf(SQLException.class);

            primary.start();
            assertThat(primary.isRunning()).isTrue();
            assertThat(Sql.column(primary, "app", "SELECT v FROM kept")).containsExactly("kept");
        }
    }

    @Test
    void fastStopIsCleanAndLogged() {
        try (LocalPostgresCluster cluster = LocalPostgresCluster.builder().start()) {
            cluster.primary().stop();

            assertThat(cluster.primary().isRunning()).isFalse();
            assertThat(cluster.primary().logTail(5)).contains("database system is shut down");
        }
    }

    @Test
    void closeLeavesNoProcessAndNoDirectory() {
        LocalPostgresCluster cluster = LocalPostgresCluster.builder().replicas(1).start();
        List<ProcessHandle> postmasters = cluster.nodes().stream().map(Sql::postmasterOf).toList();

        cluster.close();

        assertThat(postmasters).noneMatch(Postmaster::isLive);
        assertThat(cluster.directory()).doesNotExist();
        cluster.close();
    }

    @Test
    void startedClusterHasTheRequestedUserDatabaseAndSettings() throws Exception {
        try (LocalPostgresCluster cluster = LocalPostgresCluster.builder()
                .user("owner").password("pa'ss").database("shop").setting("work_mem", "5MB").start()) {
            PgNode primary = cluster.primary();

            assertThat(Sql.column(primary, "shop", "SELECT current_user || '@' || current_database()")).containsExactly("owner@shop");
            assertThat(Sql.column(primary, "shop", "SHOW work_mem")).containsExactly("5MB");
            assertThat(Sql.column(primary, "shop", "SELECT rolsuper FROM pg_roles WHERE rolname = 'owner'")).containsExactly("t");
        }
    }

    @Test
    void failedStartLeavesNothingBehindAndQuotesTheServerLog() {
        LocalPostgresCluster.Builder broken = LocalPostgresCluster.builder().setting("shared_buffers", "not a size");
        List<String> before = scratchEntries();

        assertThatThrownBy(broken::start)
                .isInstanceOf(ClusterException.class)
                .hasMessageContaining("did not start")
                .hasMessageContaining("shared_buffers");
        assertThat(scratchEntries()).isEqualTo(before);
    }

    @Test
    void addedReplicaStreamsAndCatchesUp() throws Exception {
        try (LocalPostgresCluster cluster = LocalPostgresCluster.builder().start()) {
            Sql.execute(cluster.primary(), "app", "CREATE TABLE before_replica AS SELECT 1 AS v");

            PgNode replica = cluster.addReplica();
            Sql.execute(cluster.primary(), "app", "INSERT INTO before_replica VALUES (2)");
            cluster.awaitReplicasCaughtUp(Duration.ofSeconds(30));

            assertThat(replica.name()).isEqualTo("node1");
            assertThat(cluster.replicas()).containsExactly(replica);
            assertThat(Sql.column(replica, "app", "SELECT v FROM before_replica ORDER BY v")).containsExactly("1", "2");
        }
    }

    private static List<String> scratchEntries() {
        try (var entries = Files.list(JvmScratch.directory())) {
            return entries.map(path -> path.getFileName().toString()).filter(name -> name.startsWith("cluster-")).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
