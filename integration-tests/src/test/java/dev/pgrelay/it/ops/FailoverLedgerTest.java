package dev.pgrelay.it.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.proxy.ledger.FailoverRecord;
import dev.pgrelay.proxy.ledger.LedgerFile;
import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import dev.pgrelay.testkit.junit.PgRelayTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A primary crash and promotion under writes leaves exactly one failover in the ledger, with RTO and RPO. */
@PgRelayTest(replicas = 1, poolMode = "transaction", poolSize = 4, config = """
        health: { interval: 200ms, timeout: 1s, failures_before_down: 2 }
        failover: { wait_for_primary: 30s }
        ledger: { path: /tmp/pgrelay-it-ops-ledger.jsonl }
        """)
class FailoverLedgerTest {
    private static final Path LEDGER = Path.of("/tmp/pgrelay-it-ops-ledger.jsonl");

    @AfterAll
    static void removeLedger() throws Exception {
        Files.deleteIfExists(LEDGER);
    }

    @Test
    void aFailoverIsRecordedOnceWithRtoAndRpo(PgRelayEnvironment env) throws Exception {
        try (Connection setup = DriverManager.getConnection(env.relayJdbcUrl(), env.user(), env.password())) {
            setup.createStatement().execute("CREATE TABLE IF NOT EXISTS ledger_writes (id bigserial, at timestamptz)");
        }
        awaitUntil(() -> env.relay().ledger().writeAvailableNow());
        int before = env.relay().ledger().failovers().size();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong written = new AtomicLong();
        Thread writer = new Thread(() -> {
            while (!stop.get()) {
                // socketTimeout: a statement caught on the dying primary must not hold the writer forever (see the
                // closing note: a leased connection to a node that vanished without closing its sockets is not
                // yet closed by pgrelay's drain).
                try (Connection app = DriverManager.getConnection(env.relayJdbcUrl() + "?socketTimeout=5",
                        env.user(), env.password())) {
                    while (!stop.get()) {
                        app.createStatement().execute("INSERT INTO ledger_writes (at) VALUES (now())");
                        written.incrementAndGet();
                    }
                } catch (SQLException lostInFlight) {
                    // the statement in flight at the crash fails; reconnect and go on
                }
            }
        });
        writer.start();
        try {
            awaitUntil(() -> written.get() > 100);
            env.cluster().primary().kill();
            awaitUntil(() -> env.relay().topology().primary().isEmpty());
            env.cluster().replicas().get(0).promote();
            awaitUntil(() -> env.relay().ledger().failovers().size() > before);
        } finally {
            stop.set(true);
            writer.join(30_000);
        }
        List<FailoverRecord> failovers = env.relay().ledger().failovers();
        assertThat(failovers).hasSize(before + 1);
        FailoverRecord failover = failovers.get(failovers.size() - 1);
        System.out.printf("[ledger] %s -> %s: detection %d ms, RTO %d ms, RPO %d bytes (clients waited: %s)%n",
                failover.oldPrimary(), failover.newPrimary(), failover.detection().toMillis(),
                failover.rto().toMillis(), failover.rpoBytes(), failover.clientsWaited());
        assertThat(failover.rto()).isPositive();
        assertThat(failover.rto()).isGreaterThanOrEqualTo(failover.detection());
        assertThat(failover.rpoBytes()).as("RPO from both nodes' sampled LSNs").isGreaterThanOrEqualTo(0);
        assertThat(failover.newPrimaryLsn()).isPositive();
        assertThat(failover.clientsWaited()).isTrue();
        LedgerFile.Contents persisted = new LedgerFile(LEDGER).read();
        assertThat(persisted.failovers()).hasSize(before + 1);
        assertThat(persisted.failovers().get(before)).isEqualTo(failover);
        AdminPsql.Output shown = AdminPsql.run(env, "SHOW FAILOVERS");
        assertThat(shown.rows()).hasSize(before + 1);
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(20);
        }
    }
}
