package dev.pgrelay.proxy.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One failover as pgrelay saw it. {@code lostAt} is the old primary's last successful health check (it died
 * after that), {@code detectedAt} when pgrelay stopped routing to it, {@code promotedAt} when another node became
 * primary, {@code writesResumedAt} when a client's transaction first completed there (or the promotion, when no
 * client was working). RTO is lost → writes resumed; RPO is the old primary's last WAL position minus the
 * new primary's position when it was promoted (bytes; -1 when either was never sampled).
 */
public record FailoverRecord(String instance, String oldPrimary, String newPrimary, Instant lostAt,
                             Instant detectedAt, Instant promotedAt, Instant writesResumedAt, boolean clientsWaited,
                             long oldPrimaryLsn, long newPrimaryLsn) {
    static final String TYPE = "failover";

    public Duration rto() {
        return Duration.between(lostAt, writesResumedAt);
    }

    public Duration detection() {
        return Duration.between(lostAt, detectedAt);
    }

    /** WAL bytes the new primary never had, as far as pgrelay can tell; -1 when unknown. */
    public long rpoBytes() {
        return oldPrimaryLsn < 0 || newPrimaryLsn < 0 ? -1 : Math.max(0, oldPrimaryLsn - newPrimaryLsn);
    }

    String toJson() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("type", TYPE);
        fields.put("instance", instance);
        fields.put("old_primary", oldPrimary);
        fields.put("new_primary", newPrimary);
        fields.put("lost_at", lostAt.toString());
        fields.put("detected_at", detectedAt.toString());
        fields.put("promoted_at", promotedAt.toString());
        fields.put("writes_resumed_at", writesResumedAt.toString());
        fields.put("clients_waited", clientsWaited);
        fields.put("rto_ms", rto().toMillis());
        fields.put("detection_ms", detection().toMillis());
        fields.put("old_primary_lsn", oldPrimaryLsn);
        fields.put("new_primary_lsn", newPrimaryLsn);
        fields.put("rpo_bytes", rpoBytes());
        return JsonLine.write(fields);
    }

    static FailoverRecord fromJson(Map<String, Object> fields) {
        return new FailoverRecord((String) fields.get("instance"), (String) fields.get("old_primary"),
                (String) fields.get("new_primary"), Instant.parse((String) fields.get("lost_at")),
                Instant.parse((String) fields.get("detected_at")), Instant.parse((String) fields.get("promoted_at")),
                Instant.parse((String) fields.get("writes_resumed_at")),
                Boolean.TRUE.equals(fields.get("clients_waited")), (Long) fields.get("old_primary_lsn"),
                (Long) fields.get("new_primary_lsn"));
    }
}
