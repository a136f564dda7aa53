package dev.pgrelay.proxy.admin;

import dev.pgrelay.protocol.PgMessage;
import dev.pgrelay.protocol.SqlState;
import dev.pgrelay.protocol.backend.CommandComplete;
import dev.pgrelay.protocol.backend.ErrorResponse;
import dev.pgrelay.proxy.client.ClientInfo;
import dev.pgrelay.proxy.pool.ServerPool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin console's commands: SHOW POOLS | CLIENTS | SERVERS | STATS | STATS_TOTALS | DATABASES | LISTS | USERS |
 * CONFIG | VERSION | NODES | FAILOVERS | AVAILABILITY, PAUSE [db], RESUME [db], RELOAD, KILL db, SHUTDOWN. Each
 * answers with the messages to send (before ReadyForQuery), or fails with an {@link AdminError}.
 */
final class AdminCommands {
    private static final Logger log = LoggerFactory.getLogger(AdminCommands.class);
    private static final String SYNTAX_ERROR = "42601";

    private final AdminSources sources;
    private final AdminActions actions;
    private final Map<String, Supplier<ResultTable>> shows;

    /** A command the console refuses, with the SQLSTATE the client sees. */
    static final class AdminError extends RuntimeException {
        private final String sqlState;

        AdminError(String sqlState, String message) {
            super(message, null, false, false);
            this.sqlState = sqlState;
        }

        String sqlState() {
            return sqlState;
        }
    }

    /** What a command sends back before ReadyForQuery. */
    record Result(List<PgMessage> messages) {
        static Result tag(String tag) {
            return new Result(List.of(new CommandComplete(tag)));
        }
    }

    AdminCommands(AdminSources sources, AdminActions actions) {
        this.sources = sources;
        this.actions = actions;
        PoolViews pools = new PoolViews(sources);
        ClusterViews cluster = new ClusterViews(sources);
        SettingViews settings = new SettingViews(sources);
        this.shows = Map.ofEntries(
                Map.entry("POOLS", pools::pools),
                Map.entry("CLIENTS", pools::clients),
                Map.entry("SERVERS", pools::servers),
                Map.entry("DATABASES", pools::databases),
                Map.entry("STATS", pools::stats),
                Map.entry("STATS_TOTALS", pools::statsTotals),
                Map.entry("LISTS", pools::lists),
                Map.entry("USERS", settings::users),
                Map.entry("NODES", cluster::nodes),
                Map.entry("FAILOVERS", cluster::failovers),
                Map.entry("AVAILABILITY", cluster::availability),
                Map.entry("CONFIG", settings::config),
                Map.entry("VERSION", settings::version));
    }

    CompletableFuture<Result> run(AdminStatement statement) {
        return switch (statement.verb()) {
            case "SHOW" -> CompletableFuture.completedFuture(show(statement));
            case "PAUSE" -> pause(statement);
            case "RESUME" -> {
                String database = databaseArgument(statement);
                if (database == null) {
                    actions.resume();
                } else {
                    actions.resume(database);
                }
                yield CompletableFuture.completedFuture(Result.tag("RESUME"));
            }
            case "RELOAD" -> CompletableFuture.completedFuture(reload());
            case "KILL" -> CompletableFuture.completedFuture(kill(statement));
            // Drivers set session parameters on connect (pgjdbc: application_name); the console has none to keep.
            case "SET" -> CompletableFuture.completedFuture(Result.tag("SET"));
            case "SHUTDOWN" -> {
                actions.shutdown();
                yield CompletableFuture.completedFuture(Result.tag("SHUTDOWN"));
            }
            default -> throw new AdminError(SYNTAX_ERROR, "invalid command \"" + statement
                    + "\"; the admin console knows SHOW " + String.join("|", shows.keySet().stream().sorted().toList())
                    + ", PAUSE [db], RESUME [db], RELOAD, KILL db, SHUTDOWN");
        };
    }

    private Result show(AdminStatement statement) {
        String what = statement.arguments().isEmpty() ? "" : statement.arguments().get(0).toUpperCase();
        Supplier<ResultTable> view = shows.get(what);
        if (view == null || statement.arguments().size() != 1) {
            throw new AdminError(SYNTAX_ERROR, "unknown SHOW \"" + String.join(" ", statement.arguments())
                    + "\"; try " + String.join(", ", shows.keySet().stream().sorted().toList()));
        }
        return new Result(view.get().messages());
    }

    /**
     * PAUSE [db] waits, as PgBouncer's does, until every running transaction (of that database) has finished;
     * meanwhile new transactions of the paused database(s) wait, and other databases keep working.
     */
    private CompletableFuture<Result> pause(AdminStatement statement) {
        String database = databaseArgument(statement);
        CompletableFuture<Void> quiet = database == null ? actions.pause() : actions.pause(database);
        return quiet.handle((done, failure) -> {
            if (failure != null) {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                if (cause instanceof CancellationException || failure instanceof CancellationException) {
                    throw new AdminError(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE,
                            "PAUSE was cancelled by RESUME before every running transaction had finished");
                }
                throw new AdminError(SqlState.INTERNAL_ERROR, "PAUSE failed: " + cause);
            }
            return Result.tag("PAUSE");
        });
    }

    /** The database PAUSE or RESUME names, or null for every database; the admin console's own is refused. */
    private static String databaseArgument(AdminStatement statement) {
        if (statement.arguments().size() > 1) {
            throw new AdminError(SYNTAX_ERROR, statement.verb() + " takes at most one database name");
        }
        String database = statement.optionalArgument();
        if (AdminConsole.isConsoleDatabase(database)) {
            throw new AdminError(SqlState.FEATURE_NOT_SUPPORTED, "the admin console cannot be paused");
        }
        return database;
    }

    private Result reload() {
        String needsRestart;
        try {
            needsRestart = actions.reload();
        } catch (RuntimeException e) {
            throw new AdminError(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE,
                    "configuration not reloaded, the running one is kept: " + e.getMessage());
        }
        List<PgMessage> messages = new ArrayList<>();
        if (!needsRestart.isEmpty()) {
            messages.add(AdminSession.notice(needsRestart));
        }
        messages.add(new CommandComplete("RELOAD"));
        return new Result(messages);
    }

    /** KILL db: every client of the database is disconnected (57P01) and its pools' idle connections closed. */
    private Result kill(AdminStatement statement) {
        String database = statement.optionalArgument();
        if (database == null || statement.arguments().size() != 1) {
            throw new AdminError(SYNTAX_ERROR, "KILL needs exactly one database name");
        }
        if (AdminConsole.isConsoleDatabase(database)) {
            throw new AdminError(SqlState.FEATURE_NOT_SUPPORTED, "the admin console cannot be killed; use SHUTDOWN");
        }
        int killed = 0;
        for (ClientInfo client : sources.clients().clients()) {
            if (database.equals(client.database())) {
                killed += sources.clients().terminate(client.id(), ErrorResponse.of(ErrorResponse.FATAL,
                        SqlState.ADMIN_SHUTDOWN, "terminating connection due to KILL " + database + " on pgrelay"))
                        ? 1 : 0;
            }
        }
        for (ServerPool pool : sources.relay().pools().pools()) {
            if (pool.key().database().equals(database)) {
                pool.drain();
            }
        }
        log.info("KILL {}: disconnected {} client(s) and drained its pools", database, killed);
        return Result.tag("KILL");
    }
}
