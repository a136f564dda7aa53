package dev.pgrelay.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StreamingReplicationTest {

    private static final Duration CATCH_UP = Duration.ofSeconds(30);

    private static LocalPostgresCluster cluster;

    @BeforeAll
    static void startPrimaryAndOneReplica() {
        cluster = LocalPostgresCluster.builder().replicas(1).start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void rowCommittedOnPrimaryIsReadableOnReplicaOnceCaughtUp() throws Exception {
        PgNode replica = cluster.replicas().get(0);
        Sql.execute(cluster.primary(), "app", "CREATE TABLE caught_up (v text)");
        Sql.execute(cluster.primary(), "app", "INSERT INTO caught_up VALUES ('written on primary')");

        cluster.awaitReplicasCaughtUp(CATCH_UP);

        assertThat(Sql.column(replica, "app", "SELECT v FROM caught_up")).containsExactly("written on primary");
    }

    @Test
    void replicaIsInRecoveryAndPrimaryIsNot() {
        assertThat(cluster.replicas().get(0).isInRecovery()).isTrue();
        assertThat(cluster.primary().isInRecovery()).isFalse();
    }

    @Test
    void replicaStreamsFromPrimaryUnderItsNodeName() throws Exception {
        assertThat(Sql.column(cluster.primary(), "postgres", "SELECT application_name FROM pg_stat_replication WHERE state = 'streaming'"))
                .containsExactly("node1");
    }

    @Test
    void pausedReplayHidesNewRowsUntilResumed() throws Exception {
        PgNode replica = cluster.replicas().get(0);
        Sql.execute(cluster.primary(), "app", "CREATE TABLE paused (v int)");
        cluster.awaitReplicasCaughtUp(CATCH_UP);

        replica.pauseReplay();
        try {
            Sql.execute(cluster.primary(), "app", "INSERT INTO paused VALUES (1)");
            // The row reaches the replica's disk but is not replayed: its WAL receiver keeps up while replay stands still.
            String inserted = cluster.primary().flushedWalLsn();
            Await.until("the replica has received the insert", CATCH_UP, () -> Sql.column(replica, "postgres",
                    "SELECT pg_last_wal_receive_lsn() >= '" + inserted + "'::pg_lsn").equals(List.of("t")));
            assertThat(Sql.column(replica, "app", "SELECT v FROM paused")).isEmpty();
        } finally {
            replica.resumeReplay();
        }

        cluster.awaitReplicasCaughtUp(CATCH_UP);
        assertThat(Sql.column(replica, "app", "SELECT v FROM paused")).containsExactly("1");
    }

    @Test
    void everyNodeListensOnItsOwnPortOfLoopback() {
        assertThat(cluster.nodes()).extracting(PgNode::name).containsExactly("node0", "node1");
        assertThat(cluster.nodes()).extracting(PgNode::host).containsOnly("127.0.0.1");
        assertThat(cluster.nodes()).extracting(PgNode::port).doesNotHaveDuplicates();
        assertThat(cluster.primary().jdbcUrl("app")).isEqualTo("jdbc:postgresql://127.0.0.1:" + cluster.primary().port() + "/app");
    }
}
