package dev.pgrelay.it.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.testkit.Await;
import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clients working through pgrelay while an operator reloads or pauses it: each on its own thread and its own
 * connection, opened once and never reopened, running one autocommit query that answers an int (e.g.
 * {@code SELECT inet_server_port()}, which names the node that served it) as fast as it can. It tallies the
 * answers and records every error; {@link #stopAndAssertNoClientFailedOrWasDropped()} checks the clients' side.
 */
final class ClientLoop implements AutoCloseable {
    private static final Duration PROGRESS_TIMEOUT = Duration.ofSeconds(30);

    private final List<Connection> connections;
    private final List<Thread> threads = new ArrayList<>();
    private final Map<Integer, AtomicLong> answers = new ConcurrentHashMap<>();
    private final AtomicLong completed = new AtomicLong();
    private final List<SQLException> errors = new CopyOnWriteArrayList<>();
    private volatile boolean stopping;

    private ClientLoop(List<Connection> connections, String query) {
        this.connections = connections;
        for (Connection connection : connections) {
            threads.add(new Thread(() -> run(connection, query), "client-loop"));
        }
        threads.forEach(Thread::start);
    }

    /** {@code clients} connections to {@code database} through pgrelay, each running {@code query} in a loop. */
    static ClientLoop start(PgRelayEnvironment env, String database, int clients, String query) throws SQLException {
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            connections.add(DriverManager.getConnection(env.relayJdbcUrl(database), env.user(), env.password()));
        }
        return new ClientLoop(connections, query);
    }

    private void run(Connection connection, String query) {
        try (Statement statement = connection.createStatement()) {
            while (!stopping) {
                try (ResultSet result = statement.executeQuery(query)) {
                    result.next();
                    answers.computeIfAbsent(result.getInt(1), answer -> new AtomicLong()).incrementAndGet();
                    completed.incrementAndGet();
                } catch (SQLException e) {
                    errors.add(e);
                }
            }
        } catch (SQLException e) {
            errors.add(e);
        }
    }

    /** Queries completed so far. */
    long completed() {
        return completed.get();
    }

    /** How many queries answered {@code answer} so far. */
    long answered(int answer) {
        AtomicLong count = answers.get(answer);
        return count == null ? 0 : count.get();
    }

    /** Waits until {@code more} further queries have completed. */
    void awaitMore(long more) {
        long target = completed() + more;
        Await.until(target + " queries completed (errors: " + errors + ")", PROGRESS_TIMEOUT,
                () -> completed() >= target);
    }

    /** Waits until {@code more} further queries have answered {@code answer}. */
    void awaitMoreAnswers(int answer, long more) {
        long target = answered(answer) + more;
        Await.until(target + " queries answered " + answer + " (so far " + answers + ")", PROGRESS_TIMEOUT,
                () -> answered(answer) >= target);
    }

    /** Stops the clients and asserts that none saw an error and every connection is still open and usable. */
    void stopAndAssertNoClientFailedOrWasDropped() throws InterruptedException, SQLException {
        stopping = true;
        for (Thread thread : threads) {
            thread.join(PROGRESS_TIMEOUT.toMillis());
        }
        assertThat(errors).as("errors the clients saw").isEmpty();
        for (Connection connection : connections) {
            assertThat(connection.isValid(5)).as("a client's connection is still usable").isTrue();
        }
    }

    @Override
    public void close() throws SQLException {
        stopping = true;
        for (Connection connection : connections) {
            connection.close();
        }
    }

    @Override
    public String toString() {
        return completed() + " queries, answers " + answers + ", errors " + errors;
    }
}
