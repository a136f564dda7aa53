package dev.pgrelay.it.drivers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** One pgjdbc client's steps of the driver workload ({@link DriverWorkloadSummary}), written as an application would. */
final class PgjdbcClient {

    static final Duration CANCEL_AFTER = Duration.ofMillis(300);
    /** Far below pg_sleep(30), so a lost cancel still fails; room for a loaded 2-core CI. */
    static final Duration CANCEL_DEADLINE = Duration.ofSeconds(15);

    private final Connection connection;
    private final int client;
    private final ScheduledExecutorService canceller;

    /** The connection must use preferQueryMode=extendedForPrepared, so a plain Statement is a simple Query. */
    PgjdbcClient(Connection connection, int client, ScheduledExecutorService canceller) {
        this.connection = connection;
        this.client = client;
        this.canceller = canceller;
    }

    void simple() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT " + client + " + 1000")) {
            expect(singleInt(rows), client + 1000);
        }
    }

    /** Executed once, below pgjdbc's prepareThreshold: an unnamed statement. */
    void extended() throws SQLException {
        try (PreparedStatement sum = connection.prepareStatement("SELECT ?::int + ?::int")) {
            sum.setInt(1, client);
            sum.setInt(2, 1000);
            try (ResultSet rows = sum.executeQuery()) {
                expect(singleInt(rows), client + 1000);
            }
        }
    }

    /**
     * With pgjdbc's default prepareThreshold (5) the first four executions are unnamed and the rest use a named
     * server statement, S_1, S_2, … counted per connection: every client uses the same names.
     */
    void prepared() throws SQLException {
        try (PreparedStatement doubled = connection.prepareStatement("SELECT ?::int * 2")) {
            for (int n = 0; n < DriverWorkloadSummary.PREPARED_EXECUTIONS; n++) {
                int value = client * 100 + n;
                doubled.setInt(1, value);
                try (ResultSet rows = doubled.executeQuery()) {
                    expect(singleInt(rows), value * 2);
                }
            }
        }
    }

    void transactions() throws SQLException {
        insertNoteInTransaction("committed", true);
        insertNoteInTransaction("rolled back", false);
        List<String> notes = new ArrayList<>();
        try (PreparedStatement read = connection.prepareStatement(
                "SELECT note FROM driver_notes WHERE client = ? ORDER BY note")) {
            read.setInt(1, client);
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    notes.add(rows.getString(1));
                }
            }
        }
        expect(notes, List.of("committed"));
    }

    private void insertNoteInTransaction(String note, boolean commit) throws SQLException {
        connection.setAutoCommit(false);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO driver_notes VALUES (?, ?)")) {
            insert.setInt(1, client);
            insert.setString(2, note);
            insert.executeUpdate();
            if (commit) {
                connection.commit();
            } else {
                connection.rollback();
            }
        } finally {
            connection.setAutoCommit(true);
        }
    }

    void cancelled() throws Exception {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT pg_backend_pid()").close();   // pins a server connection, see the summary
            long started = System.nanoTime();
            AtomicBoolean cancelSent = new AtomicBoolean();
            ScheduledFuture<?> cancel = canceller.schedule(() -> {
                cancelSent.set(true);
                statement.cancel();
                return null;
            }, CANCEL_AFTER.toMillis(), TimeUnit.MILLISECONDS);
            try {
                statement.executeQuery("SELECT pg_sleep(30)").close();
                throw new AssertionError("pg_sleep(30) finished although it was cancelled");
            } catch (SQLException e) {
                if (!"57014".equals(e.getSQLState())) {
                    throw e;
                }
                expectCancelledByItsOwnCancel(Duration.ofNanos(System.nanoTime() - started), cancelSent.get());
            } finally {
                if (!cancel.cancel(false)) {
                    cancel.get();   // a cancel still on its way could hit a later statement
                }
            }
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT 1")) {
            expect(singleInt(rows), 1);
        }
    }

    private static void expectCancelledByItsOwnCancel(Duration took, boolean cancelSent) {
        if (!cancelSent) {
            throw new AssertionError("pg_sleep(30) was cancelled after " + took.toMillis()
                    + " ms, before this client sent its cancel: another client's cancel reached it");
        }
        if (took.compareTo(CANCEL_DEADLINE) > 0) {
            throw new AssertionError("the cancelled pg_sleep(30) took " + took.toMillis() + " ms to fail");
        }
    }

    private static int singleInt(ResultSet rows) throws SQLException {
        if (!rows.next()) {
            throw new AssertionError("no row");
        }
        return rows.getInt(1);
    }

    private static void expect(Object actual, Object expected) {
        if (!Objects.equals(actual, expected)) {
            throw new AssertionError("expected " + expected + " but got " + actual);
        }
    }
}
