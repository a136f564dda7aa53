package dev.pgrelay.proxy.topology;

import java.time.Duration;
import java.time.Instant;

/**
 * What the health checks said about one node: reachable or down, the last sample it answered (role, timeline,
 * WAL positions), its replication lag behind the primary, and how the last check went. {@code up} changes to
 * false only after failures_before_down consecutive failures, and back after one success.
 *
 * @param sample               the last successful check's answer, kept while the node is down; null before any
 * @param replicationLagBytes  a replica's replay position behind the primary's last sampled WAL position; 0 for
 *                             the primary, -1 when unknown (no primary known, or never sampled)
 */
public record NodeHealth(boolean up, int consecutiveFailures, Instant checkedAt, Duration latency, String lastError,
                         HealthSample sample, long replicationLagBytes) {

    public enum Role { UNKNOWN, PRIMARY, REPLICA }

    public static NodeHealth unknown() {
        return new NodeHealth(false, 0, null, Duration.ZERO, null, null, -1);
    }

    /** The role the node reported last; UNKNOWN while it is down or before it ever answered. */
    public Role role() {
        if (!up || sample == null) {
            return Role.UNKNOWN;
        }
        return sample.inRecovery() ? Role.REPLICA : Role.PRIMARY;
    }

    /** The node's timeline as last sampled, or 0 before it ever answered. */
    public long timeline() {
        return sample == null ? 0 : sample.timeline();
    }

    /** How long a replica's replay trails the WAL it has received (see {@link HealthQuery}). */
    public Duration replicationLag() {
        return sample == null ? Duration.ZERO : sample.replayDelay();
    }

    /** Whether at least one check, successful or not, has finished. */
    public boolean checked() {
        return checkedAt != null;
    }

    NodeHealth succeeded(HealthSample newSample, Duration checkLatency, long lagBytes) {
        return new NodeHealth(true, 0, Instant.now(), checkLatency, null, newSample, lagBytes);
    }

    NodeHealth failed(String error, int failuresBeforeDown) {
        int failures = consecutiveFailures + 1;
        boolean stillUp = up && failures < failuresBeforeDown;
        return new NodeHealth(stillUp, failures, Instant.now(), latency, error, sample, replicationLagBytes);
    }
}
