package dev.pgrelay.testkit.junit;

import dev.pgrelay.testkit.Await;
import dev.pgrelay.testkit.ClusterException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An application writing through pgrelay in the background — one autocommit INSERT after another on one
 * connection, reconnecting only when the driver gave the connection up — so a test can say "writes resumed
 * within X" across a fault. Every attempt is recorded with its start, end and error.
 */
public final class WriteProbe implements AutoCloseable {

    /** The table the probe writes to; created through pgrelay when the probe starts. */
    public static final String TABLE = "pgrelay_write_probe";
    private static final long PAUSE_BETWEEN_WRITES_MILLIS = 10;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    /** One write: when it started and ended (System.nanoTime()) and the error if it failed. */
    public record Attempt(long seq, long startedNanos, long endedNanos, SQLException error) {

        public boolean succeeded() {
            return error == null;
        }

        @Override
        public String toString() {
            return "write " + seq + (succeeded() ? " ok" : " failed: " + error.getSQLState() + " " + error.getMessage())
                    + " (" + Duration.ofNanos(endedNanos - startedNanos).toMillis() + " ms)";
        }
    }

    private final PgRelayEnvironment environment;
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private final long startedNanos = System.nanoTime();
    private volatile boolean stopping;
    private volatile int reconnects;

    private WriteProbe(PgRelayEnvironment environment) {
        this.environment = environment;
        this.thread = new Thread(this::writeUntilStopped, "pgrelay-write-probe");
        this.thread.setDaemon(true);
    }

    static WriteProbe start(PgRelayEnvironment environment) {
        try (Connection connection = environment.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + TABLE
                    + " (seq bigint NOT NULL, written_at timestamptz NOT NULL DEFAULT clock_timestamp())");
        } catch (SQLException e) {
            throw new ClusterException("the write probe could not create " + TABLE + " through pgrelay: " + e.getMessage(), e);
        }
        WriteProbe probe = new WriteProbe(environment);
        probe.thread.start();
        return probe;
    }

    /**
     * Waits up to {@code limit} for a write that started after this call to succeed, then checks that no gap
     * between two successful writes (counted from the probe's start) was longer than {@code limit}.
     *
     * @return the longest gap between successful writes: the outage the application saw
     * @throws AssertionError naming the failed writes when writes did not resume in time
     */
    public Duration assertResumedWithin(Duration limit) {
        long asked = System.nanoTime();
        try {
            Await.until("a write through pgrelay succeeds", limit,
                    () -> attempts.stream().anyMatch(attempt -> attempt.succeeded() && attempt.startedNanos() - asked > 0));
        } catch (ClusterException timedOut) {
            throw new AssertionError("no write succeeded within " + limit.toMillis() + " ms; " + summary(), timedOut);
        }
        Duration outage = longestOutage();
        if (outage.compareTo(limit) > 0) {
            throw new AssertionError("writes stopped for " + outage.toMillis() + " ms, more than " + limit.toMillis()
                    + " ms; " + summary());
        }
        return outage;
    }

    /** The longest time between two successful writes ending (or from the start to the first). */
    public Duration longestOutage() {
        long previous = startedNanos;
        long longest = 0;
        for (Attempt attempt : attempts) {
            if (attempt.succeeded()) {
                longest = Math.max(longest, attempt.endedNanos() - previous);
                previous = attempt.endedNanos();
            }
        }
        return Duration.ofNanos(longest);
    }

    public List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    public List<Attempt> failures() {
        return attempts.stream().filter(attempt -> !attempt.succeeded()).toList();
    }

    public long successes() {
        return attempts.stream().filter(Attempt::succeeded).count();
    }

    /** How often the probe had to open a new connection because the driver had closed its one. */
    public int reconnects() {
        return reconnects;
    }

    /** Stops writing and waits for the write in flight. */
    @Override
    public void close() {
        stopping = true;
        try {
            thread.join(STOP_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String summary() {
        return successes() + " writes ok, " + reconnects + " reconnects, failures: " + failures();
    }

    private void writeUntilStopped() {
        Connection connection = null;
        for (long seq = 1; !stopping; seq++) {
            long started = System.nanoTime();
            SQLException error = null;
            try {
                if (connection == null || connection.isClosed()) {
                    reconnects += connection == null ? 0 : 1;
                    connection = environment.connect();
                }
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE + " (seq) VALUES (?)")) {
                    insert.setLong(1, seq);
                    insert.executeUpdate();
                }
            } catch (SQLException e) {
                error = e;
            }
            attempts.add(new Attempt(seq, started, System.nanoTime(), error));
            pause();
        }
        closeQuietly(connection);
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE_BETWEEN_WRITES_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // Closing a connection the fault already broke: nothing to report.
        }
    }
}
