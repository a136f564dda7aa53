package dev.pgrelay.testkit.junit;

import dev.pgrelay.config.HostPort;
import dev.pgrelay.testkit.LocalPostgresCluster;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the pgrelay config for a test cluster as YAML text: every node (or its fault proxy), the cluster user as client and
 * admin, the pool, then the test's own YAML. The test's YAML is merged by top-level key, as text blocks:
 * a block whose key the generated text has replaces that block, any other block is appended.
 */
final class RelayConfigYaml {

    private RelayConfigYaml() {
    }

    /** The config for pgrelay in front of {@code cluster}, reaching its nodes at {@code nodeAddresses} (same order). */
    static String forCluster(LocalPostgresCluster cluster, List<HostPort> nodeAddresses, String poolMode, int poolSize,
                             String testYaml) {
        StringBuilder generated = new StringBuilder("listen: 127.0.0.1:0\nnodes:\n");
        for (HostPort node : nodeAddresses) {
            generated.append("  - { host: ").append(node.host()).append(", port: ").append(node.port()).append(" }\n");
        }
        generated.append("users:\n  - { name: ").append(quoted(cluster.user()))
                .append(", password: ").append(quoted(cluster.password())).append(" }\n");
        generated.append("admin_users: [").append(quoted(cluster.user())).append("]\n");
        generated.append("pool: { mode: ").append(poolMode).append(", size: ").append(poolSize).append(" }\n");
        return merge(generated.toString(), testYaml);
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

    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
