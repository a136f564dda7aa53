package dev.pgrelay.config;

/** How a client proves who it is to pgrelay. */
public enum AuthMethod implements ConfigName {
    SCRAM_SHA_256,
    MD5,
    TRUST
}
