package dev.pgrelay.proxy.admin;

import dev.pgrelay.config.NodeConfig;
import dev.pgrelay.config.PgRelayConfig;
import dev.pgrelay.proxy.client.ClientInfo;
import dev.pgrelay.proxy.metrics.DatabaseWork;
import dev.pgrelay.proxy.pool.PoolKey;
import dev.pgrelay.proxy.pool.PoolStats;
import dev.pgrelay.proxy.pool.ServerPool;
import dev.pgrelay.proxy.server.ServerConnection;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * SHOW POOLS, CLIENTS, SERVERS, DATABASES, STATS, STATS_TOTALS and LISTS with PgBouncer 1.18's column names and
 * types, so its exporters and scripts work. pgrelay keeps a pool per (node, user, database): POOLS has a row per
 * (database, user) and DATABASES one per database, as PgBouncer, adding up the pools of every node, which a last
 * {@code node} column lists.
 */
final class PoolViews {
    private final AdminSources sources;

    PoolViews(AdminSources sources) {
        this.sources = sources;
    }

    /**
     * One row per (database, user), as PgBouncer has: exporters label SHOW POOLS rows by database and user only,
     * so a row per node would collide. Clients count by their state (PgBouncer's cl_active: logged in and not
     * waiting, whether or not a server connection is linked; cl_waiting: waiting for one); server connections add
     * up the pools of every node, which {@code node} lists.
     */
    ResultTable pools() {
        ResultTable table = new ResultTable().text("database", "user")
                .int4("cl_active", "cl_waiting", "cl_active_cancel_req", "cl_waiting_cancel_req", "sv_active",
                        "sv_active_cancel", "sv_being_canceled", "sv_idle", "sv_used", "sv_tested", "sv_login",
                        "maxwait", "maxwait_us")
                .text("pool_mode", "node");
        Map<List<String>, List<ServerPool>> byDatabaseAndUser =
                poolsBy(key -> List.of(key.database(), key.user()));
        List<ClientInfo> clients = sources.clients().clients();
        String mode = poolMode();
        byDatabaseAndUser.forEach((databaseAndUser, pools) -> {
            String database = databaseAndUser.get(0);
            String user = databaseAndUser.get(1);
            List<String> states = clients.stream()
                    .filter(client -> database.equals(client.database()) && user.equals(client.user()))
                    .map(ClientInfo::state).toList();
            long clientsWaiting = states.stream().filter("waiting"::equals).count();
            long clientsActive = states.stream().filter(state -> state.equals("active") || state.equals("idle"))
                    .count();
            int active = 0;
            int idle = 0;
            long longestWaitNanos = 0;
            for (ServerPool pool : pools) {
                PoolStats stats = pool.stats();
                active += stats.active();
                idle += stats.idle();
                longestWaitNanos = Math.max(longestWaitNanos, pool.longestWaitNanos());
            }
            long waitMicros = longestWaitNanos / 1000;
            table.row(database, user, clientsActive, clientsWaiting, 0, 0, active, 0, 0, idle, 0, 0, 0,
                    waitMicros / 1_000_000, waitMicros % 1_000_000, mode, nodeNames(pools));
        });
        return table;
    }

    /** Every pool, grouped by what {@code grouping} takes from its key, in the registry's order. */
    private <K> Map<K, List<ServerPool>> poolsBy(Function<PoolKey, K> grouping) {
        return sources.relay().pools().pools().stream().collect(
                Collectors.groupingBy(pool -> grouping.apply(pool.key()), LinkedHashMap::new, Collectors.toList()));
    }

    private static String nodeNames(List<ServerPool> pools) {
        return pools.stream().map(pool -> pool.key().node().name()).distinct().sorted()
                .collect(Collectors.joining(","));
    }

    ResultTable clients() {
        ResultTable table = connectionColumns();
        for (ClientInfo client : sources.clients().clients()) {
            ServerConnection server = client.server();
            table.row("C", client.user(), client.database(), client.state(), host(client.address()),
                    port(client.address()), host(client.localAddress()), port(client.localAddress()),
                    client.connectedAt(), null, 0, 0, 0, "C-" + client.id(), server == null ? null : "S-" + server.id(),
                    0, client.tls() ? "yes" : null, client.applicationName(), client.id());
        }
        return table;
    }

    ResultTable servers() {
        ResultTable table = connectionColumns();
        Map<ServerConnection, ClientInfo> leased = new LinkedHashMap<>();
        for (ClientInfo client : sources.clients().clients()) {
            if (client.server() != null) {
                leased.put(client.server(), client);
            }
        }
        List<ServerConnection> servers = new ArrayList<>(leased.keySet());
        for (ServerPool pool : sources.relay().pools().pools()) {
            servers.addAll(pool.idleConnections());
        }
        for (ServerConnection server : servers) {
            ClientInfo client = leased.get(server);
            SocketAddress local = server.channel().localAddress();
            table.row("S", server.user(), server.database(), server.state().name().toLowerCase(Locale.ROOT),
                    server.node().host(), server.node().port(), host(local), port(local), wallClock(server),
                    null, 0, 0, 0, "S-" + server.id(), client == null ? null : "C-" + client.id(),
                    server.backendProcessId(), null, server.parameterStatus().get("application_name"), server.id());
        }
        return table;
    }

    /** SHOW CLIENTS and SHOW SERVERS share PgBouncer 1.18's columns, and add pgrelay's connection id. */
    private static ResultTable connectionColumns() {
        return new ResultTable().text("type", "user", "database", "state", "addr").int4("port").text("local_addr")
                .int4("local_port").text("connect_time", "request_time").int4("wait", "wait_us", "close_needed")
                .text("ptr", "link").int4("remote_pid").text("tls", "application_name").int8("id");
    }

    /**
     * One row per database, as PgBouncer has one per database entry (its exporters label rows by database).
     * host and port are the current primary's when the database has a pool there; pgrelay forces no user and caps
     * no database's server connections (max_connections 0, PgBouncer's "no limit"); current_connections adds up
     * every node's pools, which {@code node} lists.
     */
    ResultTable databases() {
        ResultTable table = new ResultTable().text("name", "host").int4("port").text("database", "force_user")
                .int4("pool_size", "min_pool_size", "reserve_pool").text("pool_mode")
                .int4("max_connections", "current_connections", "paused", "disabled").text("node");
        Map<String, List<ServerPool>> byDatabase = poolsBy(PoolKey::database);
        NodeConfig primary = sources.relay().topology().primary().orElse(null);
        String mode = poolMode();
        byDatabase.forEach((database, pools) -> {
            NodeConfig shown = pools.stream().map(pool -> pool.key().node()).filter(node -> node.equals(primary))
                    .findFirst().orElse(pools.get(0).key().node());
            int size = pools.stream().mapToInt(pool -> pool.settings().size()).max().orElse(0);
            int minIdle = pools.stream().mapToInt(pool -> pool.settings().minIdle()).max().orElse(0);
            int open = pools.stream().mapToInt(pool -> pool.stats().open()).sum();
            boolean disabled = pools.stream().allMatch(ServerPool::isClosed);
            table.row(database, shown.host(), shown.port(), database, null, size, minIdle, 0, mode, 0, open,
                    sources.relay().router().isPaused(database) ? 1 : 0, disabled ? 1 : 0, nodeNames(pools));
        });
        return table;
    }

    ResultTable stats() {
        ResultTable table = new ResultTable().text("database")
                .int8("total_xact_count", "total_query_count", "total_received", "total_sent", "total_xact_time",
                        "total_query_time", "total_wait_time", "avg_xact_count", "avg_query_count", "avg_recv",
                        "avg_sent", "avg_xact_time", "avg_query_time", "avg_wait_time");
        long seconds = Math.max(1, Duration.between(sources.startedAt(), Instant.now()).toSeconds());
        totalsByDatabase().forEach((database, t) -> table.row(database, t[0], t[1], t[2], t[3], t[4], t[5], t[6],
                t[0] / seconds, t[1] / seconds, t[2] / seconds, t[3] / seconds, average(t[4], t[0]),
                average(t[5], t[1]), average(t[6], t[0])));
        return table;
    }

    /** PgBouncer's SHOW STATS_TOTALS: the totals of SHOW STATS under their short names. */
    ResultTable statsTotals() {
        ResultTable table = new ResultTable().text("database").int8("xact_count", "query_count", "bytes_received",
                "bytes_sent", "xact_time", "query_time", "wait_time");
        totalsByDatabase().forEach((database, t) -> table.row(database, t[0], t[1], t[2], t[3], t[4], t[5], t[6]));
        return table;
    }

    /**
     * Per database over its nodes: transactions, queries, bytes received and sent, microseconds in transactions,
     * in queries and waiting for a server.
     */
    private Map<String, long[]> totalsByDatabase() {
        Map<String, long[]> byDatabase = new LinkedHashMap<>();
        for (DatabaseWork work : sources.metrics().work()) {
            long[] totals = byDatabase.computeIfAbsent(work.database(), db -> new long[7]);
            totals[0] += work.transactionCount();
            totals[1] += work.queryCount();
            totals[2] += work.receivedBytes();
            totals[3] += work.sentBytes();
            totals[4] += work.transactionMicros();
            totals[5] += work.queryMicros();
            totals[6] += work.poolWaitMicros();
        }
        return byDatabase;
    }

    /**
     * PgBouncer's SHOW LISTS, the counts its exporters graph. pgrelay keeps no preallocated client or server
     * objects, so the free_* lists are always empty, and it caches no DNS answers of its own.
     */
    ResultTable lists() {
        List<ClientInfo> clients = sources.clients().clients();
        List<ServerPool> pools = sources.relay().pools().pools();
        long loggingIn = clients.stream().filter(client -> "login".equals(client.state())).count();
        int servers = pools.stream().mapToInt(pool -> pool.stats().open()).sum();
        long databases = pools.stream().map(pool -> pool.key().database()).distinct().count();
        ResultTable table = new ResultTable().text("list").int4("items");
        table.row("databases", databases);
        table.row("users", sources.relay().config().users().size());
        table.row("pools", pools.size());
        table.row("free_clients", 0);
        table.row("used_clients", clients.size() - loggingIn);
        table.row("login_clients", loggingIn);
        table.row("free_servers", 0);
        table.row("used_servers", servers);
        for (String dns : List.of("dns_names", "dns_zones", "dns_queries", "dns_pending")) {
            table.row(dns, 0);
        }
        return table;
    }

    private static long average(long total, long count) {
        return count == 0 ? 0 : total / count;
    }

    private String poolMode() {
        PgRelayConfig config = sources.relay().config();
        return config.pool().mode().name().toLowerCase(Locale.ROOT);
    }

    private static Instant wallClock(ServerConnection server) {
        return Instant.now().minusNanos(System.nanoTime() - server.createdAtNanos());
    }

    private static String host(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getHostString() : null;
    }

    private static Integer port(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getPort() : null;
    }
}
