package dev.pgrelay.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The {@code failover} section: how long a write waits for a new primary before it fails. */
public record FailoverConfig(Duration waitForPrimary) {
    static final List<String> KEYS = List.of("wait_for_primary");
    public static final FailoverConfig DEFAULT = new FailoverConfig(Duration.ofSeconds(30));

    public FailoverConfig {
        Objects.requireNonNull(waitForPrimary, "waitForPrimary");
    }

    static FailoverConfig read(YamlSection section) {
        return new FailoverConfig(section.duration("wait_for_primary", DEFAULT.waitForPrimary));
    }

    Map<String, Object> printable() {
        return ConfigPrinter.ordered("wait_for_primary", Durations.format(waitForPrimary));
    }
}
