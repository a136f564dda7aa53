package dev.pgrelay.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the configuration files of a node's data directory. Settings shared by every node go into
 * postgresql.conf (and travel with a copied data directory); what differs per node (port, name, socket
 * directory) lives in {@value #NODE_FILE}, which postgresql.conf includes, so a copy rewrites just that file.
 */
final class ServerConfigFiles {

    static final String NODE_FILE = "pgrelay-node.conf";
    // Unix socket paths longer than this do not fit sockaddr_un (108 bytes with the terminator).
    private static final int MAX_SOCKET_PATH = 100;

    private final ServerOsUser osUser;

    ServerConfigFiles(ServerOsUser osUser) {
        this.osUser = osUser;
    }

    /** The settings every node gets, tuned for fast, disposable test servers; {@code extra} wins over them. */
    static Map<String, String> settings(Map<String, String> extra) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("wal_level", "replica");
        settings.put("max_wal_senders", "10");
        settings.put("wal_keep_size", "256MB");
        settings.put("hot_standby", "on");
        // Surviving an OS crash is worthless for throw-away servers, and fsync costs seconds per cluster.
        settings.put("fsync", "off");
        settings.put("full_page_writes", "off");
        // Still on: without fsync a commit costs one write(2), and in exchange every acknowledged commit
        // survives kill() and an immediate stop, and reaches replicas at once (only written WAL is streamed).
        settings.put("synchronous_commit", "on");
        settings.put("shared_buffers", "32MB");
        settings.put("max_connections", "200");
        settings.put("logging_collector", "off");
        settings.put("log_line_prefix", "%m [%p] %q%u@%d ");
        settings.putAll(extra);
        return settings;
    }

    /** Makes postgresql.conf of a fresh initdb read {@value #NODE_FILE}; done once, in the template. */
    void includeNodeSettings(Path dataDir) {
        append(dataDir.resolve("postgresql.conf"), "\n# pgrelay testkit: port and name of this node\ninclude_if_exists = '" + NODE_FILE + "'\n");
    }

    void writeSharedSettings(Path dataDir, Map<String, String> settings) {
        StringBuilder text = new StringBuilder("\n# pgrelay testkit: settings of every node of this cluster\n");
        settings.forEach((name, value) -> text.append(setting(name, value)));
        append(dataDir.resolve("postgresql.conf"), text.toString());
    }

    /** The node's own port and name; its Unix socket goes to {@code socketDirectory} if the path fits. */
    void writeNodeSettings(Path dataDir, String nodeName, int port, Path socketDirectory) {
        String socketPath = socketDirectory + "/.s.PGSQL." + port;
        // An empty unix_socket_directories means TCP only, which is all the testkit itself uses.
        String socketSetting = socketPath.length() > MAX_SOCKET_PATH ? "" : socketDirectory.toString();
        replace(dataDir.resolve(NODE_FILE), setting("port", Integer.toString(port)) + setting("cluster_name", nodeName)
                + setting("unix_socket_directories", socketSetting) + setting("listen_addresses", "127.0.0.1"));
    }

    /**
     * Lets every role log in over TCP with SCRAM (tests create extra roles too), plus replication for the
     * cluster user; {@code extraRules} come first because pg_hba.conf is first-match.
     */
    void writeHba(Path dataDir, String user, List<String> extraRules) {
        StringBuilder text = new StringBuilder("# pgrelay testkit: TYPE DATABASE USER ADDRESS METHOD\n");
        extraRules.forEach(rule -> text.append(rule).append('\n'));
        text.append("local all all scram-sha-256\n");
        text.append("host all all 127.0.0.1/32 scram-sha-256\n");
        text.append("host replication ").append(quoteHbaName(user)).append(" 127.0.0.1/32 scram-sha-256\n");
        replace(dataDir.resolve("pg_hba.conf"), text.toString());
    }

    /** Turns a cold copy of the primary into a standby that streams from {@code primaryConninfo}. */
    void makeStandby(Path dataDir, String primaryConninfo) {
        replace(dataDir.resolve("standby.signal"), "");
        append(dataDir.resolve("postgresql.auto.conf"), setting("primary_conninfo", primaryConninfo));
    }

    private static String setting(String name, String value) {
        // Every value may be quoted in postgresql.conf; quoting all of them spares us knowing their types.
        return name + " = '" + value.replace("'", "''") + "'\n";
    }

    private static String quoteHbaName(String name) {
        return name.matches("[A-Za-z0-9_]+") ? name : '"' + name.replace("\"", "\"\"") + '"';
    }

    private void append(Path file, String text) {
        write(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private void replace(Path file, String text) {
        write(file, text, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    }

    private void write(Path file, String text, StandardOpenOption... options) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, options);
            osUser.handOver(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }
}
