package dev.pgrelay.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Renders the effective configuration as YAML that {@link ConfigLoader} reads back to an equal config,
 * passwords masked. Every key is written, defaults included, so operators see what pgrelay will really do.
 */
public final class ConfigPrinter {
    private ConfigPrinter() {
    }

    public static String print(PgRelayConfig config) {
        Map<String, Object> document = ordered(
                "listen", config.listen().toString(),
                "admin_http", orNull(config.adminHttp()),
                "nodes", config.nodes().stream().map(NodeConfig::printable).toList(),
                "users", config.users().stream().map(UserConfig::printable).toList(),
                "admin_users", config.adminUsers(),
                "pool", config.pool().printable(),
                "routing", config.routing().printable(),
                "health", config.health().printable(),
                "failover", config.failover().printable(),
                "tls", config.tls().map(TlsConfig::printable).orElse(null),
                "limits", config.limits().printable(),
                "ledger", config.ledger().printable(),
                "hba", config.hba().stream().map(HbaRule::printable).toList(),
                "auth_query", config.authQuery().map(authQuery -> authQuery.printable(config.users())).orElse(null));
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        return new Yaml(options).dump(escapeDollars(document));
    }

    /** A mapping that keeps the order its keys are given in: {@code ordered("a", 1, "b", 2)}. */
    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static String orNull(Optional<?> value) {
        return value.map(Object::toString).orElse(null);
    }

    /** The loader expands ${VAR} in every string, so a literal $ must be written $$ to read back unchanged. */
    private static Object escapeDollars(Object value) {
        if (value instanceof String text) {
            return text.replace("$", "$$");
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ConfigPrinter::escapeDollars).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> escaped = new LinkedHashMap<>();
            map.forEach((key, item) -> escaped.put(key, escapeDollars(item)));
            return escaped;
        }
        return value;
    }
}
