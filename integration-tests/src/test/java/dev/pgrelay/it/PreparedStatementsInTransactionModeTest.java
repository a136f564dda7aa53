package dev.pgrelay.it;

import static dev.pgrelay.it.Clients.queryLong;
import static dev.pgrelay.it.Clients.throughRelay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import dev.pgrelay.testkit.junit.PgRelayTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Named prepared statements keep working in transaction pooling although each transaction may run on another
 * server connection: pgrelay prepares them where needed under its own names (pgjdbc with prepareThreshold=1
 * uses a named server statement from the first execution on).
 */
@PgRelayTest(poolMode = "transaction", poolSize = 2)
class PreparedStatementsInTransactionModeTest {

    @BeforeAll
    static void createTable(PgRelayEnvironment env) throws SQLException {
        try (Connection c = throughRelay(env); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS kv (k int PRIMARY KEY, v text)");
            s.execute("INSERT INTO kv SELECT g, 'value ' || g FROM generate_series(1, 1000) g ON CONFLICT DO NOTHING");
        }
    }

    private static Connection namedFromTheStart(PgRelayEnvironment env) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("prepareThreshold", "1");
        return throughRelay(env, properties);
    }

    @Test
    void manyClientsReuseTheirStatementsAcrossServerConnections(PgRelayEnvironment env) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(10);
        try {
            List<Callable<Integer>> clients = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int client = i;
                clients.add(() -> {
                    int checked = 0;
                    try (Connection c = namedFromTheStart(env);
                         PreparedStatement byKey = c.prepareStatement("SELECT v FROM kv WHERE k = ?");
                         PreparedStatement count = c.prepareStatement("SELECT count(*) FROM kv WHERE k <= ?")) {
                        for (int n = 1; n <= 50; n++) {
                            int key = (client * 50 + n) % 1000 + 1;
                            byKey.setInt(1, key);
                            try (ResultSet rows = byKey.executeQuery()) {
                                assertThat(rows.next()).isTrue();
                                assertThat(rows.getString(1)).isEqualTo("value " + key);
                            }
                            count.setInt(1, key);
                            try (ResultSet rows = count.executeQuery()) {
                                assertThat(rows.next()).isTrue();
                                assertThat(rows.getInt(1)).isEqualTo(key);
                            }
                            checked++;
                        }
                    }
                    return checked;
                });
            }
            for (Future<Integer> result : executor.invokeAll(clients, 120, TimeUnit.SECONDS)) {
                assertThat(result.get()).isEqualTo(50);
            }
        } finally {
            executor.shutdownNow();
        }
        assertThat(env.relay().poolStats()).allSatisfy(stats -> assertThat(stats.open()).isLessThanOrEqualTo(2));
    }

    @Test
    void moreStatementsThanTheServerCacheHoldsStillWork(PgRelayEnvironment env) throws SQLException {
        try (Connection c = namedFromTheStart(env)) {
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < 300; i++) {   // the per-connection cache holds 256
                    try (PreparedStatement s = c.prepareStatement("SELECT " + i + " + ?::int")) {
                        s.setInt(1, round);
                        try (ResultSet rows = s.executeQuery()) {
                            assertThat(rows.next()).isTrue();
                            assertThat(rows.getInt(1)).isEqualTo(i + round);
                        }
                    }
                }
            }
        }
    }

    @Test
    void aStatementThatFailsToPrepareReportsItsErrorAndTheClientCarriesOn(PgRelayEnvironment env)
            throws SQLException {
        try (Connection c = namedFromTheStart(env)) {
            assertThatThrownBy(() -> {
                try (PreparedStatement broken = c.prepareStatement("SELECT * FROM no_such_table WHERE x = ?")) {
                    broken.setInt(1, 1);
                    broken.executeQuery();
                }
            }).isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42P01"));
            try (PreparedStatement fine = c.prepareStatement("SELECT v FROM kv WHERE k = ?")) {
                fine.setInt(1, 7);
                try (ResultSet rows = fine.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString(1)).isEqualTo("value 7");
                }
            }
        }
    }

    @Test
    void discardAllClearsTheClientsStatementsAndTheyCanBePreparedAgain(PgRelayEnvironment env) throws SQLException {
        try (Connection c = namedFromTheStart(env)) {
            try (PreparedStatement s = c.prepareStatement("SELECT v FROM kv WHERE k = ?")) {
                for (int i = 1; i <= 3; i++) {
                    s.setInt(1, i);
                    s.executeQuery().close();
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("DISCARD ALL");
            }
            try (PreparedStatement s = c.prepareStatement("SELECT v FROM kv WHERE k = ?")) {
                for (int i = 1; i <= 3; i++) {
                    s.setInt(1, i);
                    try (ResultSet rows = s.executeQuery()) {
                        assertThat(rows.next()).isTrue();
                        assertThat(rows.getString(1)).isEqualTo("value " + i);
                    }
                }
            }
            assertThat(queryLong(c, "SELECT 1")).isEqualTo(1);
        }
    }

    @Test
    void aTransactionWithPreparedStatementsCommitsAtomically(PgRelayEnvironment env) throws SQLException {
        try (Connection c = namedFromTheStart(env)) {
            c.setAutoCommit(false);
            try (PreparedStatement update = c.prepareStatement("UPDATE kv SET v = ? WHERE k = ?")) {
                for (int k = 2001; k <= 2005; k++) {
                    try (PreparedStatement insert = c.prepareStatement("INSERT INTO kv VALUES (?, ?)")) {
                        insert.setInt(1, k);
                        insert.setString(2, "new");
                        insert.executeUpdate();
                    }
                    update.setString(1, "updated " + k);
                    update.setInt(2, k);
                    assertThat(update.executeUpdate()).isEqualTo(1);
                }
            }
            c.commit();
            assertThat(queryLong(c, "SELECT count(*) FROM kv WHERE k > 2000 AND v LIKE 'updated %'")).isEqualTo(5);
            c.rollback();
        }
    }
}
