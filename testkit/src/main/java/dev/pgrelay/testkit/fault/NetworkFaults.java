package dev.pgrelay.testkit.fault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The faults a {@link FaultProxy} applies right now; immutable, replaced as a whole so every forwarding thread
 * sees one consistent set.
 *
 * @param latency          how long every chunk of bytes waits before it is passed on, in each direction
 * @param perQueryDelay    how long every chunk sent toward the server waits: each query (batch) arrives late
 * @param blackholed       nothing is passed on in either direction and new connections hang, until healed
 * @param refusing         new connections are reset as soon as they are accepted
 */
public record NetworkFaults(Duration latency, Duration perQueryDelay, boolean blackholed, boolean refusing) {

    public static final NetworkFaults NONE = new NetworkFaults(Duration.ZERO, Duration.ZERO, false, false);

    NetworkFaults withLatency(Duration delay) {
        return new NetworkFaults(nonNegative(delay), perQueryDelay, blackholed, refusing);
    }

    NetworkFaults withPerQueryDelay(Duration delay) {
        return new NetworkFaults(latency, nonNegative(delay), blackholed, refusing);
    }

    NetworkFaults withBlackhole(boolean on) {
        return new NetworkFaults(latency, perQueryDelay, on, refusing);
    }

    NetworkFaults withRefusing(boolean on) {
        return new NetworkFaults(latency, perQueryDelay, blackholed, on);
    }

    /** The wait before a chunk travelling in this direction is passed on. */
    Duration delayFor(boolean towardServer) {
        return towardServer ? latency.plus(perQueryDelay) : latency;
    }

    /** The faults in force, as a user would list them: "latency 50 ms, blackhole", or "no faults". */
    @Override
    public String toString() {
        List<String> active = new ArrayList<>();
        if (!latency.isZero()) {
            active.add("latency " + latency.toMillis() + " ms");
        }
        if (!perQueryDelay.isZero()) {
            active.add("queries delayed " + perQueryDelay.toMillis() + " ms");
        }
        if (blackholed) {
            active.add("blackhole");
        }
        if (refusing) {
            active.add("refusing new connections");
        }
        return active.isEmpty() ? "no faults" : String.join(", ", active);
    }

    private static Duration nonNegative(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("a delay cannot be negative: " + delay);
        }
        return delay;
    }
}
