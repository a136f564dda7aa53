package dev.pgrelay.config;

import java.util.Locale;

/** How reads are spread over the eligible nodes. */
public enum BalanceStrategy implements ConfigName {
    ROUND_ROBIN,
    WEIGHTED,
    LEAST_CONNECTIONS,
    /** Power of two random choices, preferring the node with the lower observed latency. */
    P2C_LATENCY;

    /** The contract spells these with underscores ({@code round_robin}), unlike the libpq-style names elsewhere. */
    @Override
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
