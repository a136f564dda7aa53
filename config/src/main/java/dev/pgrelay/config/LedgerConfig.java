package dev.pgrelay.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The {@code ledger} section: where pgrelay keeps its ledger file; empty when it keeps none. */
public record LedgerConfig(Optional<Path> path) {
    static final List<String> KEYS = List.of("path");
    public static final LedgerConfig DEFAULT = new LedgerConfig(Optional.empty());

    public LedgerConfig {
        Objects.requireNonNull(path, "path");
    }

    static LedgerConfig read(YamlSection section) {
        return new LedgerConfig(section.optional("path", Scalars::path));
    }

    Map<String, Object> printable() {
        return ConfigPrinter.ordered("path", ConfigPrinter.orNull(path));
    }
}
