package dev.pgrelay.cli;

import dev.pgrelay.config.HostPort;
import java.util.List;
import java.util.stream.Collectors;

/** The demo's configuration, as the YAML an operator would write, and the ways to connect to it. */
final class DemoConfig {
    static final String USER = "app";
    static final String PASSWORD = "secret";
    static final String DATABASE = "app";
    static final String HOST = "127.0.0.1";

    private DemoConfig() {}

    /** Session mode with a pool of 20 per node in front of {@code nodes}, on 127.0.0.1:{@code port}. */
    static String yaml(int port, List<HostPort> nodes) {
        String nodeLines = nodes.stream()
                .map(node -> "  - { host: " + node.host() + ", port: " + node.port() + " }\n")
                .collect(Collectors.joining());
        return "listen: " + HOST + ":" + port + "\n"
                + "nodes:\n" + nodeLines
                + "users:\n"
                + "  - { name: " + USER + ", password: \"" + PASSWORD + "\" }\n"
                + "admin_users: [" + USER + "]\n"
                + "pool: { mode: session, size: 20 }\n";
    }

    static String psqlCommand(String host, int port) {
        return "psql \"host=" + host + " port=" + port + " user=" + USER + " dbname=" + DATABASE
                + " password=" + PASSWORD + "\"";
    }

    static String jdbcUrl(String host, int port) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + DATABASE + "?user=" + USER + "&password=" + PASSWORD;
    }
}
