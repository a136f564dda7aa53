package dev.pgrelay.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The {@code health} section: how often nodes are probed and when a node counts as down. */
public record HealthConfig(Duration interval, Duration timeout, int failuresBeforeDown) {
    static final List<String> KEYS = List.of("interval", "timeout", "failures_before_down");
    public static final HealthConfig DEFAULT = new HealthConfig(Duration.ofSeconds(1), Duration.ofSeconds(1), 3);

    public HealthConfig {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
    }

    static HealthConfig read(YamlSection section) {
        return new HealthConfig(
                section.get("interval", DEFAULT.interval, Durations::parsePositive),
                section.get("timeout", DEFAULT.timeout, Durations::parsePositive),
                section.integer("failures_before_down", DEFAULT.failuresBeforeDown, 1, Integer.MAX_VALUE));
    }

    Map<String, Object> printable() {
        return ConfigPrinter.ordered("interval", Durations.format(interval), "timeout", Durations.format(timeout),
                "failures_before_down", failuresBeforeDown);
    }
}
