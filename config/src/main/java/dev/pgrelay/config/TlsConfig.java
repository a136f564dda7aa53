package dev.pgrelay.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The {@code tls} section: TLS towards clients and towards servers. */
public record TlsConfig(ClientTlsConfig client, ServerTlsConfig server) {
    static final List<String> KEYS = List.of("client", "server");

    public TlsConfig {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(server, "server");
    }

    static TlsConfig read(YamlSection section) {
        return new TlsConfig(ClientTlsConfig.read(section.section("client", ClientTlsConfig.KEYS)),
                ServerTlsConfig.read(section.section("server", ServerTlsConfig.KEYS)));
    }

    Map<String, Object> printable() {
        return ConfigPrinter.ordered("client", client.printable(), "server", server.printable());
    }
}
