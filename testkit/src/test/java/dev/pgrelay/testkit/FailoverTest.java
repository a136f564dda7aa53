package dev.pgrelay.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FailoverTest {

    private LocalPostgresCluster cluster;

    @BeforeEach
    void startPrimaryAndOneReplica() {
        cluster = LocalPostgresCluster.builder().replicas(1).start();
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void killedPrimaryRefusesConnectionsAndPromotedReplicaAcceptsWrites() throws Exception {
        PgNode primary = cluster.primary();
        PgNode replica = cluster.replicas().get(0);
        Sql.execute(primary, "app", "CREATE TABLE survivors (v text)");
        cluster.awaitReplicasCaughtUp(Duration.ofSeconds(30));

        primary.kill();

        assertThat(primary.isRunning()).isFalse();
        assertThatThrownBy(() -> primary.connect("app"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("refused");

        replica.promote();

        assertThat(replica.isInRecovery()).isFalse();
        Sql.execute(replica, "app", "INSERT INTO survivors VALUES ('after failover')");
        assertThat(Sql.column(replica, "app", "SELECT v FROM survivors")).containsExactly("after failover");
    }

    @Test
    void killTakesDownEveryServerProcess() {
        ProcessHandle postmaster = Sql.postmasterOf(cluster.primary());
        var children = postmaster.descendants().toList();
        assertThat(children).isNotEmpty();

        cluster.primary().kill();

        assertThat(Postmaster.isLive(postmaster)).isFalse();
        assertThat(children).noneMatch(Postmaster::isLive);
    }

    @Test
    void killedPrimaryRecoversOnStartWithItsCommittedData() throws Exception {
        PgNode primary = cluster.primary();
        Sql.execute(primary, "app", "CREATE TABLE crash_safe AS SELECT 42 AS v");

        primary.kill();
        primary.start();

        assertThat(Sql.column(primary, "app", "SELECT v FROM crash_safe")).containsExactly("42");
    }
}
