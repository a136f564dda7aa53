package dev.pgrelay.proxy.admin;

import dev.pgrelay.PgRelay;
import dev.pgrelay.config.ConfigLoader;
import dev.pgrelay.config.PgRelayConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * SHOW CONFIG (PgBouncer's key, value, default, changeable; keys are the YAML paths, e.g. pool.size, passwords
 * masked) and SHOW VERSION.
 */
final class SettingViews {
    /** The smallest valid config: its values for every other key are the defaults. */
    private static final Map<String, String> DEFAULTS = flatten(ConfigLoader.parse("""
            nodes: [{ host: 127.0.0.1, port: 5432 }]
            users: [{ name: u, password: p }]
            """, "defaults"));

    private final AdminSources sources;

    SettingViews(AdminSources sources) {
        this.sources = sources;
    }

    ResultTable config() {
        ResultTable table = new ResultTable().text("key", "value", "default", "changeable");
        flatten(sources.relay().config()).forEach((key, value) -> table.row(key, value,
                key.startsWith("nodes[") || key.startsWith("users[") ? null : DEFAULTS.get(key),
                ReloadPlan.isLive(key) ? "yes" : "no"));
        return table;
    }

    /** PgBouncer's SHOW USERS: each configured user; pgrelay has no per-user pool mode, so that column is empty. */
    ResultTable users() {
        ResultTable table = new ResultTable().text("name", "pool_mode");
        sources.relay().config().users().forEach(user -> table.row(user.name(), null));
        return table;
    }

    ResultTable version() {
        return new ResultTable().text("version").row("pgrelay " + PgRelay.version());
    }

    /** The effective config as dotted keys: pool.size, nodes[0].host, admin_users = "a, b". */
    private static Map<String, String> flatten(PgRelayConfig config) {
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("", new Yaml().load(config.toYaml()), flat);
        return flat;
    }

    private static void flatten(String prefix, Object value, Map<String, String> flat) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, inner) -> flatten(prefix.isEmpty() ? key.toString() : prefix + "." + key, inner, flat));
        } else if (value instanceof List<?> list && list.stream().anyMatch(item -> item instanceof Map)) {
            for (int i = 0; i < list.size(); i++) {
                flatten(prefix + "[" + i + "]", list.get(i), flat);
            }
        } else if (value instanceof List<?> list) {
            flat.put(prefix, String.join(", ", list.stream().map(String::valueOf).toList()));
        } else {
            flat.put(prefix, value == null ? null : value.toString().replace("$$", "$"));
        }
    }
}
