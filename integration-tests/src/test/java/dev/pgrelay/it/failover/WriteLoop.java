package dev.pgrelay.it.failover;

import dev.pgrelay.testkit.Await;
import dev.pgrelay.testkit.PgNode;
import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * An application writing through pgrelay during a failover: ONE pgjdbc connection (transaction pooling,
 * prepareThreshold=0 so every statement is unnamed) running autocommit INSERTs of increasing sequence numbers
 * on its own thread, recording when each write started and ended and how it failed. It never reconnects: if
 * the driver closes the connection, the loop ends and {@link #connectionSurvived()} says so.
 */
final class WriteLoop implements AutoCloseable {
    static final String TABLE = "failover_writes";
    private static final long PAUSE_BETWEEN_WRITES_MILLIS = 5;

    /** One write: its sequence number, its start and end (System.nanoTime()), and the error if it failed. */
    record Write(long seq, long startedNanos, long endedNanos, SQLException error) {
        boolean succeeded() {
            return error == null;
        }

        Duration took() {
            return Duration.ofNanos(endedNanos - startedNanos);
        }

        @Override
        public String toString() {
            return "write " + seq + (succeeded() ? " ok" : " failed: " + error.getSQLState() + " " + error.getMessage())
                    + " (" + took().toMillis() + " ms)";
        }
    }

    private final Connection connection;
    private final Thread thread;
    private final List<Write> writes = new CopyOnWriteArrayList<>();
    private volatile boolean stopping;
    private volatile Throwable crashed;

    private WriteLoop(Connection connection) {
        this.connection = connection;
        this.thread = new Thread(this::run, "write-loop");
    }

    static void createTable(PgRelayEnvironment env) throws SQLException {
        try (Connection c = connect(env); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (seq bigint PRIMARY KEY, "
                    + "written_at timestamptz NOT NULL DEFAULT clock_timestamp())");
        }
    }

    static WriteLoop start(PgRelayEnvironment env) throws SQLException {
        WriteLoop loop = new WriteLoop(connect(env));
        loop.thread.start();
        return loop;
    }

    private static Connection connect(PgRelayEnvironment env) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", env.user());
        properties.setProperty("password", env.password());
        properties.setProperty("prepareThreshold", "0");
        return DriverManager.getConnection(env.relayJdbcUrl(), properties);
    }

    private void run() {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE + " (seq) VALUES (?)")) {
            for (long seq = 1; !stopping && !connection.isClosed(); seq++) {
                long started = System.nanoTime();
                SQLException error = null;
                try {
                    insert.setLong(1, seq);
                    insert.executeUpdate();
                } catch (SQLException e) {
                    error = e;
                }
                writes.add(new Write(seq, started, System.nanoTime(), error));
                TimeUnit.MILLISECONDS.sleep(PAUSE_BETWEEN_WRITES_MILLIS);
            }
        } catch (Throwable e) {
            crashed = e;
        }
    }

    List<Write> writes() {
        return List.copyOf(writes);
    }

    List<Write> failures() {
        return writes.stream().filter(write -> !write.succeeded()).toList();
    }

    long successes() {
        return writes.stream().filter(Write::succeeded).count();
    }

    /** Sequence numbers of the writes that succeeded. */
    List<Long> succeeded() {
        return writes.stream().filter(Write::succeeded).map(Write::seq).toList();
    }

    /** Sequence numbers of the writes that succeeded and started after {@code nanos}. */
    List<Long> succeededAfter(long nanos) {
        return writes.stream().filter(w -> w.succeeded() && w.startedNanos() - nanos > 0).map(Write::seq).toList();
    }

    List<Long> succeededBefore(long nanos) {
        return writes.stream().filter(w -> w.succeeded() && w.endedNanos() - nanos < 0).map(Write::seq).toList();
    }

    Duration longestWrite() {
        return writes.stream().map(Write::took).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    void awaitMoreSuccesses(int count, Duration timeout) {
        long target = successes() + count;
        Await.until(target + " successful writes (failures so far: " + failures() + ")", timeout,
                () -> successes() >= target || !thread.isAlive());
        if (successes() < target) {
            throw new AssertionError("the write loop ended early; connection survived: " + connectionSurvived()
                    + ", failures: " + failures(), crashed);
        }
    }

    /** The first successful write that ended after {@code nanos}, waiting for it up to {@code timeout}. */
    Write awaitFirstSuccessEndingAfter(long nanos, Duration timeout) {
        Await.until("a successful write after the failover (failures so far: " + failures() + ")", timeout,
                () -> firstSuccessEndingAfter(nanos).isPresent() || !thread.isAlive());
        return firstSuccessEndingAfter(nanos).orElseThrow(() -> new AssertionError(
                "the write loop ended early; failures: " + failures(), crashed));
    }

    private Optional<Write> firstSuccessEndingAfter(long nanos) {
        return writes.stream().filter(w -> w.succeeded() && w.endedNanos() - nanos > 0).findFirst();
    }

    /** Whether the loop's one connection is still open: pgrelay never made the driver give it up. */
    boolean connectionSurvived() {
        try {
            return !connection.isClosed() && crashed == null;
        } catch (SQLException e) {
            return false;
        }
    }

    void stop() throws InterruptedException {
        stopping = true;
        thread.join(TimeUnit.SECONDS.toMillis(60));
    }

    @Override
    public void close() throws Exception {
        stop();
        connection.close();
    }

    /** Which of {@code seqs} are in the table on {@code node}, read directly from that server. */
    static List<Long> presentOn(PgNode node, String database, List<Long> seqs) throws SQLException {
        try (Connection direct = node.connect(database);
             PreparedStatement select = direct.prepareStatement(
                     "SELECT seq FROM " + TABLE + " WHERE seq = ANY (?) ORDER BY seq")) {
            Array array = direct.createArrayOf("bigint", seqs.toArray());
            select.setArray(1, array);
            List<Long> present = new java.util.ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    present.add(rows.getLong(1));
                }
            }
            return present;
        }
    }

    /** How many rows the table has on {@code node}, read directly from that server. */
    static long rowsOn(PgNode node, String database) throws SQLException {
        try (Connection direct = node.connect(database); Statement s = direct.createStatement();
             ResultSet rows = s.executeQuery("SELECT count(*) FROM " + TABLE)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
