package dev.pgrelay.config;

/** What an {@code hba} rule does with a client it matches, named as in pg_hba.conf. */
public enum HbaMethod implements ConfigName {
    SCRAM_SHA_256,
    MD5,
    TRUST,
    REJECT
}
