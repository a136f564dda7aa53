package dev.pgrelay.config;

/** When a server connection goes back to the pool: at client disconnect, transaction end, or statement end. */
public enum PoolMode implements ConfigName {
    SESSION,
    TRANSACTION,
    STATEMENT
}
