package dev.pgrelay.proxy.admin;

import dev.pgrelay.config.NodeConfig;
import dev.pgrelay.proxy.ledger.AvailabilityRecord;
import dev.pgrelay.proxy.ledger.FailoverRecord;
import dev.pgrelay.proxy.topology.HealthSample;
import dev.pgrelay.proxy.topology.NodeHealth;
import dev.pgrelay.proxy.topology.Topology;
import java.util.Locale;

/** SHOW NODES, FAILOVERS and AVAILABILITY: the cluster as the health checks and the availability ledger see it. */
final class ClusterViews {
    private final AdminSources sources;

    ClusterViews(AdminSources sources) {
        this.sources = sources;
    }

    ResultTable nodes() {
        ResultTable table = new ResultTable().text("node", "host").int4("port").text("role", "routing")
                .int8("timeline").text("lsn", "received_lsn").int8("lag_bytes", "replay_delay_ms", "latency_ms")
                .int4("failures").text("last_error", "checked_at").int4("weight");
        Topology topology = sources.relay().topology();
        for (NodeConfig node : topology.nodes()) {
            NodeHealth health = topology.health(node);
            HealthSample sample = health.sample();
            table.row(node.name(), node.host(), node.port(), health.role().name().toLowerCase(Locale.ROOT),
                    routing(topology, node, health), health.timeline(),
                    sample == null ? null : lsn(sample.walPosition()),
                    sample == null ? null : lsn(sample.receivedPosition()), health.replicationLagBytes(),
                    health.replicationLag().toMillis(), health.latency().toMillis(), health.consecutiveFailures(),
                    health.lastError(), health.checkedAt(), node.weight());
        }
        return table;
    }

    /** What pgrelay does with the node now: primary (writes go there), replica, fenced, suspect or down. */
    private static String routing(Topology topology, NodeConfig node, NodeHealth health) {
        if (topology.primary().map(node::equals).orElse(false)) {
            return "primary";
        }
        if (topology.fencedNodes().contains(node)) {
            return "fenced";
        }
        if (topology.isSuspected(node)) {
            return "suspect";
        }
        if (!health.up()) {
            return health.checked() ? "down" : "unknown";
        }
        return health.role() == NodeHealth.Role.REPLICA ? "replica" : "unrouted";
    }

    /** A WAL byte position in PostgreSQL's pg_lsn notation, e.g. 0/3000148; null when the node has none. */
    static String lsn(long position) {
        if (position < 0) {
            return null;
        }
        return Long.toHexString(position >>> 32).toUpperCase(Locale.ROOT) + "/"
                + Long.toHexString(position & 0xFFFFFFFFL).toUpperCase(Locale.ROOT);
    }

    ResultTable failovers() {
        ResultTable table = new ResultTable().text("instance", "old_primary", "new_primary", "lost_at",
                        "detected_at", "promoted_at", "writes_resumed_at").int8("detection_ms", "rto_ms")
                .text("old_primary_lsn", "new_primary_lsn").int8("rpo_bytes").text("clients_waited");
        for (FailoverRecord failover : sources.ledger().failovers()) {
            table.row(failover.instance(), failover.oldPrimary(), failover.newPrimary(), failover.lostAt(),
                    failover.detectedAt(), failover.promotedAt(), failover.writesResumedAt(),
                    failover.detection().toMillis(), failover.rto().toMillis(), lsn(failover.oldPrimaryLsn()),
                    lsn(failover.newPrimaryLsn()), failover.rpoBytes(), failover.clientsWaited() ? "yes" : "no");
        }
        return table;
    }

    ResultTable availability() {
        AvailabilityRecord total = sources.ledger().availability();
        ResultTable table = new ResultTable().text("since")
                .column("write_availability", ResultTable.Type.FLOAT8).column("write_nines", ResultTable.Type.FLOAT8)
                .int8("write_down_ms")
                .column("read_availability", ResultTable.Type.FLOAT8).column("read_nines", ResultTable.Type.FLOAT8)
                .int8("read_down_ms", "failovers");
        table.row(total.from(), total.writeAvailability(), AvailabilityRecord.nines(total.writeAvailability()),
                total.writeDown().toMillis(), total.readAvailability(),
                AvailabilityRecord.nines(total.readAvailability()), total.readDown().toMillis(),
                sources.ledger().failovers().size());
        return table;
    }
}
