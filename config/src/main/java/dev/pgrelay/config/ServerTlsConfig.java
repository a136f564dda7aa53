package dev.pgrelay.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@code tls.server}: TLS from pgrelay to PostgreSQL; the CA file is required for the verify-* modes. */
public record ServerTlsConfig(ServerTlsMode mode, Optional<Path> ca) {
    static final List<String> KEYS = List.of("mode", "ca");
    public static final ServerTlsConfig DEFAULT = new ServerTlsConfig(ServerTlsMode.PREFER, Optional.empty());

    public ServerTlsConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(ca, "ca");
    }

    static ServerTlsConfig read(YamlSection section) {
        ServerTlsMode mode = section.choice("mode", DEFAULT.mode);
        Optional<Path> ca = section.optional("ca", Scalars::path);
        if (mode.verifiesCertificate() && ca.isEmpty()) {
            throw section.error("ca", "required when mode is " + mode.configName());
        }
        return new ServerTlsConfig(mode, ca);
    }

    Map<String, Object> printable() {
        return ConfigPrinter.ordered("mode", mode.configName(), "ca", ConfigPrinter.orNull(ca));
    }
}
