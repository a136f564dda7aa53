package dev.pgrelay.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@code tls.client}: TLS offered to clients; certificate and key are required unless the mode is disable. */
public record ClientTlsConfig(ClientTlsMode mode, Optional<Path> cert, Optional<Path> key) {
    static final List<String> KEYS = List.of("mode", "cert", "key");
    public static final ClientTlsConfig DEFAULT = new ClientTlsConfig(ClientTlsMode.DISABLE, Optional.empty(),
            Optional.empty());

    public ClientTlsConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(cert, "cert");
        Objects.requireNonNull(key, "key");
    }

    static ClientTlsConfig read(YamlSection section) {
        ClientTlsMode mode = section.choice("mode", DEFAULT.mode);
        Optional<Path> cert = section.optional("cert", Scalars::path);
        Optional<Path> key = section.optional("key", Scalars::path);
        if (mode != ClientTlsMode.DISABLE) {
            requireFile(section, "cert", cert, mode);
            requireFile(section, "key", key, mode);
        }
        return new ClientTlsConfig(mode, cert, key);
    }

    private static void requireFile(YamlSection section, String name, Optional<Path> file, ClientTlsMode mode) {
        if (file.isEmpty()) {
            throw section.error(name, "required when mode is " + mode.configName());
        }
    }

    Map<String, Object> printable() {
        return ConfigPrinter.ordered("mode", mode.configName(), "cert", ConfigPrinter.orNull(cert),
                "key", ConfigPrinter.orNull(key));
    }
}
