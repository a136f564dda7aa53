package dev.pgrelay.proxy.client;

import dev.pgrelay.proxy.sql.PinReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many clients were pinned to their server connection, by reason, since start: operators read this to see
 * which application habits (LISTEN, temp tables, SET ROLE, …) cost them pooling.
 */
public final class SessionPins {
    private final Map<PinReason, LongAdder> counts = new EnumMap<>(PinReason.class);

    public SessionPins() {
        for (PinReason reason : PinReason.values()) {
            counts.put(reason, new LongAdder());
        }
    }

    void record(PinReason reason) {
        counts.get(reason).increment();
    }

    public long count(PinReason reason) {
        return counts.get(reason).sum();
    }
}
