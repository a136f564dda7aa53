package dev.pgrelay.testkit;

import dev.pgrelay.config.HostPort;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes the pgrelay config YAML for a test setup — the local cluster fixture, a Testcontainers container or an
 * in-process pgrelay in front of containers: listen and admin_http addresses, every node, the one login that is
 * both the clients' user and pgrelay's login to the servers (and an admin), the pool, then the test's own YAML.
 * The test's YAML is merged by top-level key, as text blocks: a block whose key the generated text has replaces
 * that block, any other block is appended.
 */
public final class RelayConfigYaml {

    private HostPort listen = new HostPort("127.0.0.1", 0);
    private HostPort adminHttp;
    private List<HostPort> nodes = List.of();
    private String user;
    private String password;
    private String poolMode = "session";
    private int poolSize = 10;
    private String overrides = "";

    /** {@code listen}; 127.0.0.1:0 (a free port) unless set. */
    public RelayConfigYaml listen(HostPort address) {
        this.listen = Objects.requireNonNull(address, "listen");
        return this;
    }

    /** {@code admin_http} (/metrics, /health, /ready); left out unless set. */
    public RelayConfigYaml adminHttp(HostPort address) {
        this.adminHttp = Objects.requireNonNull(address, "adminHttp");
        return this;
    }

    /** {@code nodes}, in this order; pgrelay finds the primary among them itself. */
    public RelayConfigYaml nodes(List<HostPort> addresses) {
        this.nodes = List.copyOf(addresses);
        return this;
    }

    /** The only user: clients log in with it, pgrelay logs in to every node with it, and it may use the admin console. */
    public RelayConfigYaml user(String name, String password) {
        this.user = Objects.requireNonNull(name, "user");
        this.password = Objects.requireNonNull(password, "password");
        return this;
    }

    /** {@code pool.mode}: session (the default), transaction or statement. */
    public RelayConfigYaml poolMode(String mode) {
        this.poolMode = Objects.requireNonNull(mode, "poolMode");
        return this;
    }

    /** {@code pool.size}: server connections per (node, user, database); 10 unless set. */
    public RelayConfigYaml poolSize(int size) {
        this.poolSize = size;
        return this;
    }

    /** YAML merged into the generated config; a top-level key it has replaces the generated block. */
    public RelayConfigYaml overrides(String yaml) {
        this.overrides = Objects.requireNonNull(yaml, "overrides");
        return this;
    }

    /** The config text; load it with {@code ConfigLoader.parse}, which validates it. */
    public String toYaml() {
        if (nodes.isEmpty() || user == null) {
            throw new IllegalStateException("a pgrelay config needs nodes and a user, got nodes=" + nodes + ", user=" + user);
        }
        StringBuilder generated = new StringBuilder("listen: ").append(quoted(listen.toString())).append('\n');
        if (adminHttp != null) {
            generated.append("admin_http: ").append(quoted(adminHttp.toString())).append('\n');
        }
        generated.append("nodes:\n");
        for (HostPort node : nodes) {
            generated.append("  - { host: ").append(quoted(node.host())).append(", port: ").append(node.port()).append(" }\n");
        }
        generated.append("users:\n  - { name: ").append(quoted(user)).append(", password: ").append(quoted(password)).append(" }\n");
        generated.append("admin_users: [").append(quoted(user)).append("]\n");
        generated.append("pool: { mode: ").append(poolMode).append(", size: ").append(poolSize).append(" }\n");
        return merge(generated.toString(), overrides);
    }

    /** {@code base} with each top-level block of {@code overrides} replacing the block of the same key, or appended. */
    static String merge(String base, String overrides) {
        Map<String, String> blocks = topLevelBlocks(base);
        blocks.putAll(topLevelBlocks(overrides));
        return String.join("", blocks.values());
    }

    /**
     * Splits YAML text into blocks, each a line starting a top-level key plus every following line that is
     * indented, blank, a comment or a sequence item. Text before the first key is kept under the key "".
     */
    private static Map<String, String> topLevelBlocks(String yaml) {
        Map<String, String> blocks = new LinkedHashMap<>();
        String key = "";
        List<String> lines = new ArrayList<>();
        for (String line : yaml.lines().toList()) {
            String startedKey = topLevelKey(line);
            if (startedKey != null) {
                addBlock(blocks, key, lines);
                key = startedKey;
                lines = new ArrayList<>();
            }
            lines.add(line);
        }
        addBlock(blocks, key, lines);
        return blocks;
    }

    private static void addBlock(Map<String, String> blocks, String key, List<String> lines) {
        if (!lines.isEmpty()) {
            blocks.merge(key, String.join("\n", lines) + "\n", String::concat);
        }
    }

    private static String topLevelKey(String line) {
        if (line.isEmpty() || " \t#-".indexOf(line.charAt(0)) >= 0) {
            return null;
        }
        int colon = line.indexOf(':');
        return colon < 0 ? null : line.substring(0, colon).strip();
    }

    /** A YAML double-quoted scalar, so passwords and IPv6 hosts are taken literally. */
    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
