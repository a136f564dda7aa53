package dev.pgrelay.proxy.topology;

import java.time.Duration;
import java.time.Instant;

/**
 * What the last health checks said about one node: reachable or down, its role, and how the last check went.
 * {@code up} changes to false only after failures_before_down consecutive failures, and back after one success.
 */
public record NodeHealth(boolean up, Role role, int consecutiveFailures, Instant checkedAt, Duration latency,
                         String lastError) {

    public enum Role { UNKNOWN, PRIMARY, REPLICA }

    public static NodeHealth unknown() {
        return new NodeHealth(false, Role.UNKNOWN, 0, null, Duration.ZERO, null);
    }

    NodeHealth succeeded(Role newRole, Duration checkLatency) {
        return new NodeHealth(true, newRole, 0, Instant.now(), checkLatency, null);
    }

    NodeHealth failed(String error, int failuresBeforeDown) {
        int failures = consecutiveFailures + 1;
        boolean stillUp = up && failures < failuresBeforeDown;
        return new NodeHealth(stillUp, stillUp ? role : Role.UNKNOWN, failures, Instant.now(), latency, error);
    }

    public boolean isUsablePrimary() {
        return up && role == Role.PRIMARY;
    }
}
