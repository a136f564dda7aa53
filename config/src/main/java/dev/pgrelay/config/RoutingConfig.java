package dev.pgrelay.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The {@code routing} section: whether and how reads go to replicas. */
public record RoutingConfig(boolean readWriteSplit, BalanceStrategy balance, ReplicaLagLimit maxReplicaLag,
                            boolean primaryReads, boolean readYourWrites, List<String> readOnlyFunctions) {
    static final List<String> KEYS = List.of("read_write_split", "balance", "max_replica_lag", "primary_reads",
            "read_your_writes", "read_only_functions");
    public static final RoutingConfig DEFAULT = new RoutingConfig(false, BalanceStrategy.ROUND_ROBIN,
            ReplicaLagLimit.ofBytes(16L * 1024 * 1024), true, false, List.of());

    public RoutingConfig {
        Objects.requireNonNull(balance, "balance");
        Objects.requireNonNull(maxReplicaLag, "maxReplicaLag");
        readOnlyFunctions = List.copyOf(readOnlyFunctions);
    }

    static RoutingConfig read(YamlSection section) {
        return new RoutingConfig(
                section.bool("read_write_split", DEFAULT.readWriteSplit),
                section.choice("balance", DEFAULT.balance),
                section.get("max_replica_lag", DEFAULT.maxReplicaLag, ReplicaLagLimit::parse),
                section.bool("primary_reads", DEFAULT.primaryReads),
                section.bool("read_your_writes", DEFAULT.readYourWrites),
                section.list("read_only_functions", Scalars::nonEmpty));
    }

    Map<String, Object> printable() {
        return ConfigPrinter.ordered("read_write_split", readWriteSplit, "balance", balance.configName(),
                "max_replica_lag", maxReplicaLag.toString(), "primary_reads", primaryReads,
                "read_your_writes", readYourWrites, "read_only_functions", readOnlyFunctions);
    }
}
