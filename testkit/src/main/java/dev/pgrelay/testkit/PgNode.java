package dev.pgrelay.testkit;

import dev.pgrelay.config.HostPort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * One PostgreSQL server of a {@link LocalPostgresCluster}: a data directory, a port on 127.0.0.1 and a log
 * file, driven with pg_ctl and JDBC. Every method that changes state returns only once the change is visible
 * (started = accepts connections, promoted = out of recovery, paused = replay is actually paused).
 */
public final class PgNode {

    private static final String HOST = "127.0.0.1";
    private static final String CONTROL_DATABASE = "postgres";
    private static final Duration PG_CTL_WAIT = Duration.ofSeconds(60);
    private static final Duration COMMAND_TIMEOUT = PG_CTL_WAIT.plusSeconds(30);
    private static final Duration STATE_CHANGE_TIMEOUT = Duration.ofSeconds(30);
    private static final int PORT_ATTEMPTS = 5;
    private static final org.postgresql.Driver DRIVER = new org.postgresql.Driver();

    private final String name;
    private final ClusterContext context;
    private final Path dataDir;
    private final Path logFile;
    private volatile int port;

    PgNode(String name, ClusterContext context) {
        this.name = name;
        this.context = context;
        this.dataDir = context.directory().resolve(name);
        this.logFile = context.directory().resolve(name + ".log");
        this.port = FreePorts.pick();
    }

    /** {@code node0} for the node started as primary, {@code node1}… for replicas in creation order. */
    public String name() {
        return name;
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return logFile;
    }

    public String jdbcUrl(String database) {
        return JdbcUrl.of(new HostPort(HOST, port), database);
    }

    /** A JDBC connection to {@code database} as the cluster's user, straight to this server. */
    public Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", context.user());
        properties.setProperty("password", context.password());
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("sslmode", "disable");
        properties.setProperty("ApplicationName", "pgrelay-testkit");
        return DRIVER.connect(jdbcUrl(database), properties);
    }

    /** Whether the postmaster named in {@code postmaster.pid} is alive. */
    public boolean isRunning() {
        return Postmaster.find(dataDir).isPresent();
    }

    /** Stops the server with a clean (fast) shutdown. */
    public void stop() {
        stop(StopMode.FAST);
    }

    /** Stops the server and returns when its postmaster is gone; a stopped server stays stopped. */
    public void stop(StopMode mode) {
        Optional<ProcessHandle> postmaster = Postmaster.find(dataDir);
        if (postmaster.isPresent()) {
            OsCommand.Result result = pgCtl("stop", "-m", mode.pgCtlName(), "-w", "-t", seconds(PG_CTL_WAIT));
            if (!result.succeeded() && isRunning()) {
                throw failure("did not stop (" + mode + "): " + result.output().strip(), logTail(20));
            }
            // pg_ctl returns when the pid file is gone; the process may still hold the port for a moment.
            Await.until(name + "'s postmaster has exited", STATE_CHANGE_TIMEOUT, () -> !Postmaster.isLive(postmaster.get()));
        }
        Postmaster.removeStaleLockFile(dataDir);
    }

    /** SIGKILLs the postmaster and all its children at once, like {@code kill -9} of the whole server. */
    public void kill() {
        Postmaster.killWithChildren(dataDir);
    }

    /** Starts the server on its port and returns when it accepts connections; a running server is left alone. */
    public void start() {
        if (isRunning()) {
            return;
        }
        Optional<String> failure = tryStart();
        if (failure.isPresent()) {
            throw failure("did not start", failure.get());
        }
    }

    /**
     * First start of a new node: writes its port and, if another process took that port since it was picked,
     * picks a new one and tries again.
     */
    void startOnFreePort() {
        for (int attempt = 1; ; attempt++) {
            context.configFiles().writeNodeSettings(dataDir, name, port, context.directory());
            Optional<String> failure = tryStart();
            if (failure.isEmpty()) {
                return;
            }
            if (attempt == PORT_ATTEMPTS || !failure.get().contains("Address already in use")) {
                throw failure("did not start", failure.get());
            }
            port = FreePorts.pick();
        }
    }

    /** {@code pg_ctl promote}, returning when the server has left recovery and accepts writes. */
    public void promote() {
        pgCtl("promote", "-w", "-t", seconds(PG_CTL_WAIT)).orFail("promoting " + name);
        Await.until(name + " has left recovery", STATE_CHANGE_TIMEOUT, () -> !isInRecovery());
    }

    /** Pauses WAL replay on this replica and returns once replay has really stopped. */
    public void pauseReplay() {
        execute("SELECT pg_wal_replay_pause()");
        Await.until(name + " has paused WAL replay", STATE_CHANGE_TIMEOUT, this::isReplayPaused);
    }

    /** Resumes WAL replay on this replica and returns once replay is running again. */
    public void resumeReplay() {
        execute("SELECT pg_wal_replay_resume()");
        Await.until(name + " has resumed WAL replay", STATE_CHANGE_TIMEOUT, () -> !isReplayPaused());
    }

    public boolean isInRecovery() {
        return queryBoolean("SELECT pg_is_in_recovery()");
    }

    /** The last {@code lines} lines of this server's log, for failure messages. */
    public String logTail(int lines) {
        if (!Files.exists(logFile)) {
            return "";
        }
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + logFile, e);
        }
    }

    @Override
    public String toString() {
        return name + " (" + HOST + ":" + port + ")";
    }

    /** Waits until this replica's WAL receiver streams from its primary. */
    void awaitStreaming(Duration timeout) {
        Await.until(name + " streams WAL from its primary", timeout,
                () -> queryBoolean("SELECT coalesce(bool_or(status = 'streaming'), false) FROM pg_stat_wal_receiver"));
    }

    /**
     * The primary's WAL position after forcing everything inserted so far to be written: with
     * synchronous_commit off a commit may still sit in WAL buffers, and only written WAL is streamed.
     */
    String flushedWalLsn() {
        try (Connection connection = connect(CONTROL_DATABASE); Statement statement = connection.createStatement()) {
            statement.execute("SET synchronous_commit = local");
            // A transaction flushes its WAL at commit only if it wrote WAL before its commit record (xact.c):
            // a transactional logical message is the cheapest WAL-writing statement that touches no table.
            statement.execute("SELECT pg_logical_emit_message(true, 'pgrelay-testkit', 'flush')");
            try (ResultSet result = statement.executeQuery("SELECT pg_current_wal_lsn()::text")) {
                result.next();
                return result.getString(1);
            }
        } catch (SQLException e) {
            throw failure("could not read its WAL position: " + e.getMessage(), logTail(10));
        }
    }

    boolean hasReplayed(String lsn) throws SQLException {
        try (Connection connection = connect(CONTROL_DATABASE);
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT coalesce(pg_last_wal_replay_lsn() >= ?::pg_lsn, false)")) {
            statement.setString(1, lsn);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getBoolean(1);
            }
        }
    }

    private boolean isReplayPaused() throws SQLException {
        try (Connection connection = connect(CONTROL_DATABASE); Statement statement = connection.createStatement()) {
            DatabaseMetaData server = connection.getMetaData();
            // Before PostgreSQL 14 a requested pause could not be told from an effective one.
            String sql = server.getDatabaseMajorVersion() >= 14
                    ? "SELECT pg_get_wal_replay_pause_state() = 'paused'"
                    : "SELECT pg_is_wal_replay_paused()";
            try (ResultSet result = statement.executeQuery(sql)) {
                result.next();
                return result.getBoolean(1);
            }
        }
    }

    private boolean queryBoolean(String sql) {
        try (Connection connection = connect(CONTROL_DATABASE); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getBoolean(1);
        } catch (SQLException e) {
            throw failure("could not run " + sql + ": " + e.getMessage(), logTail(10));
        }
    }

    private void execute(String sql) {
        try (Connection connection = connect(CONTROL_DATABASE); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw failure("could not run " + sql + ": " + e.getMessage(), logTail(10));
        }
    }

    /** Runs pg_ctl start; on failure returns pg_ctl's output and what the server logged during this attempt. */
    private Optional<String> tryStart() {
        Postmaster.removeStaleLockFile(dataDir);
        long logOffset = logSize();
        OsCommand.Result result = pgCtl("start", "-l", logFile.toString(), "-w", "-t", seconds(PG_CTL_WAIT));
        if (result.succeeded()) {
            return Optional.empty();
        }
        // pg_ctl may give up waiting while the server still comes up: never leave such a server behind.
        kill();
        return Optional.of(result.output().strip() + "\n" + logSince(logOffset));
    }

    private OsCommand.Result pgCtl(String... arguments) {
        List<String> command = new ArrayList<>(List.of(context.binaries().bin("pg_ctl").toString(), "-D", dataDir.toString()));
        command.addAll(List.of(arguments));
        return OsCommand.run(context.osUser().commandLine(command), context.directory(), COMMAND_TIMEOUT);
    }

    private long logSize() {
        try {
            return Files.exists(logFile) ? Files.size(logFile) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private String logSince(long offset) {
        try {
            byte[] log = Files.exists(logFile) ? Files.readAllBytes(logFile) : new byte[0];
            int from = (int) Math.min(offset, log.length);
            return new String(log, from, log.length - from, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private ClusterException failure(String what, String log) {
        return new ClusterException(this + " " + what + "\n--- " + logFile + " ---\n" + log);
    }

    private static String seconds(Duration duration) {
        return Long.toString(duration.toSeconds());
    }
}
