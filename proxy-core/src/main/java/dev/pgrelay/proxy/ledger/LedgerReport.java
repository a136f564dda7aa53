package dev.pgrelay.proxy.ledger;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The readable summary of a ledger that `pgrelay report` prints: availability with its nines, then each failover. */
public final class LedgerReport {
    private LedgerReport() {
    }

    public static String format(LedgerFile.Contents contents) {
        StringBuilder out = new StringBuilder();
        List<AvailabilityRecord> stretches = contents.availability();
        if (stretches.isEmpty()) {
            out.append("availability: nothing recorded yet\n");
        } else {
            AvailabilityRecord total = stretches.stream().reduce(AvailabilityRecord::plus).orElseThrow();
            out.append(String.format(Locale.ROOT, "observed %s to %s (%s watched)%n", total.from(), total.to(),
                    human(total.writeUp().plus(total.writeDown()))));
            line(out, "write availability", total.writeAvailability(), total.writeDown());
            line(out, "read availability", total.readAvailability(), total.readDown());
        }
        List<FailoverRecord> failovers = contents.failovers();
        out.append(String.format(Locale.ROOT, "failovers: %d%n", failovers.size()));
        for (FailoverRecord failover : failovers) {
            out.append(String.format(Locale.ROOT,
                    "  %s  %s -> %s  RTO %d ms (detected after %d ms)  RPO %s%s%n", failover.lostAt(),
                    failover.oldPrimary(), failover.newPrimary(), failover.rto().toMillis(),
                    failover.detection().toMillis(),
                    failover.rpoBytes() < 0 ? "unknown" : failover.rpoBytes() + " bytes",
                    failover.clientsWaited() ? "" : "  (no client traffic; RTO ends at the promotion)"));
        }
        if (!failovers.isEmpty()) {
            long worstRto = failovers.stream().mapToLong(f -> f.rto().toMillis()).max().orElse(0);
            long worstRpo = failovers.stream().mapToLong(FailoverRecord::rpoBytes).max().orElse(-1);
            out.append(String.format(Locale.ROOT, "worst RTO %d ms, worst RPO %s%n", worstRto,
                    worstRpo < 0 ? "unknown" : worstRpo + " bytes"));
        }
        if (!contents.unreadableLines().isEmpty()) {
            out.append(String.format(Locale.ROOT, "(%d unreadable line(s) skipped)%n",
                    contents.unreadableLines().size()));
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String what, double availability, Duration down) {
        out.append(String.format(Locale.ROOT, "%s: %.5f%% (%.2f nines), down %s%n", what, availability * 100,
                AvailabilityRecord.nines(availability), human(down)));
    }

    private static String human(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
        }
        return String.format(Locale.ROOT, "%dh %02dm %02ds", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
}
