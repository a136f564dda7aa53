package dev.pgrelay.config;

/** TLS from pgrelay to the servers, named like libpq's sslmode values. */
public enum ServerTlsMode implements ConfigName {
    DISABLE,
    PREFER,
    REQUIRE,
    VERIFY_CA,
    VERIFY_FULL;

    /** True when the server certificate must chain to the configured CA. */
    public boolean verifiesCertificate() {
        return this == VERIFY_CA || this == VERIFY_FULL;
    }
}
