package dev.pgrelay.config;

/** Whether clients may or must use TLS to pgrelay. */
public enum ClientTlsMode implements ConfigName {
    DISABLE,
    ALLOW,
    REQUIRE
}
