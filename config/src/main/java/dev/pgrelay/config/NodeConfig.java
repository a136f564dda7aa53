package dev.pgrelay.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One PostgreSQL server of the cluster; pgrelay discovers which one is the primary.
 *
 * <p>A node is its name and address: equality leaves out {@code weight}, a routing preference that a reload may
 * change while the node keeps its server connections, health history and metrics (topology, pools and metrics
 * are keyed by the node). Compare {@link #weight()} itself where the weight matters.
 */
public record NodeConfig(String name, String host, int port, int weight) {
    static final List<String> KEYS = List.of("host", "port", "weight", "name");
    static final int DEFAULT_PORT = 5432;
    static final int DEFAULT_WEIGHT = 1;

    public NodeConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        if (weight < 0) {
            throw new IllegalArgumentException("weight must not be negative, got " + weight);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NodeConfig node && name.equals(node.name) && host.equals(node.host)
                && port == node.port;
    }

    @Override
    public int hashCode() {
        return (31 * name.hashCode() + host.hashCode()) * 31 + port;   // no varargs array: pool lookups hash this
    }

    public HostPort address() {
        return new HostPort(host, port);
    }

    /** {@code nodes}: at least one, no two with the same address or name. */
    static List<NodeConfig> readAll(YamlSection root) {
        List<YamlSection> sections = root.sectionList("nodes", KEYS);
        if (sections.isEmpty()) {
            throw root.error("nodes", "at least one node is required, e.g. - { host: 127.0.0.1, port: 5432 }");
        }
        FirstSeen<HostPort> addresses = new FirstSeen<>("node address");
        FirstSeen<String> names = new FirstSeen<>("node name");
        return sections.stream().map(section -> {
            NodeConfig node = read(section);
            addresses.claim(node.address(), section, "port");
            names.claim(node.name(), section, "name");
            return node;
        }).toList();
    }

    private static NodeConfig read(YamlSection section) {
        String host = section.require("host", Scalars::nonEmpty);
        int port = section.integer("port", DEFAULT_PORT, 1, 65535);
        int weight = section.integer("weight", DEFAULT_WEIGHT, 0, Integer.MAX_VALUE);
        String name = section.get("name", new HostPort(host, port).toString(), Scalars::nonEmpty);
        return new NodeConfig(name, host, port, weight);
    }

    Map<String, Object> printable() {
        return ConfigPrinter.ordered("name", name, "host", host, "port", port, "weight", weight);
    }
}
