package dev.pgrelay.proxy.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One stretch of time an instance watched the cluster, split into time with a usable primary (write) and with any
 * usable node (read). The ledger appends one per minute and at shutdown, so a crash loses at most a minute.
 */
public record AvailabilityRecord(String instance, Instant from, Instant to, Duration writeUp, Duration writeDown,
                                 Duration readUp, Duration readDown) {
    static final String TYPE = "availability";

    AvailabilityRecord plus(AvailabilityRecord other) {
        return new AvailabilityRecord(instance, from.isBefore(other.from) ? from : other.from,
                to.isAfter(other.to) ? to : other.to, writeUp.plus(other.writeUp), writeDown.plus(other.writeDown),
                readUp.plus(other.readUp), readDown.plus(other.readDown));
    }

    /** Write availability as a fraction: uptime / (uptime + downtime); 1 when nothing was observed. */
    public double writeAvailability() {
        return ratio(writeUp, writeDown);
    }

    public double readAvailability() {
        return ratio(readUp, readDown);
    }

    private static double ratio(Duration up, Duration down) {
        long total = up.toMillis() + down.toMillis();
        return total == 0 ? 1.0 : (double) up.toMillis() / total;
    }

    /** "Nines" of an availability fraction: 0.999 is 3; capped at 9 for a perfect record. */
    public static double nines(double availability) {
        return availability >= 1.0 ? 9.0 : Math.min(9.0, -Math.log10(1.0 - availability));
    }

    String toJson() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("type", TYPE);
        fields.put("instance", instance);
        fields.put("from", from.toString());
        fields.put("to", to.toString());
        fields.put("write_up_ms", writeUp.toMillis());
        fields.put("write_down_ms", writeDown.toMillis());
        fields.put("read_up_ms", readUp.toMillis());
        fields.put("read_down_ms", readDown.toMillis());
        return JsonLine.write(fields);
    }

    static AvailabilityRecord fromJson(Map<String, Object> fields) {
        return new AvailabilityRecord((String) fields.get("instance"), Instant.parse((String) fields.get("from")),
                Instant.parse((String) fields.get("to")), millis(fields, "write_up_ms"),
                millis(fields, "write_down_ms"), millis(fields, "read_up_ms"), millis(fields, "read_down_ms"));
    }

    private static Duration millis(Map<String, Object> fields, String key) {
        return Duration.ofMillis((Long) fields.get(key));
    }
}
