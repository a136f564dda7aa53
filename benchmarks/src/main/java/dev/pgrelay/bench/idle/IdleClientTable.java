package dev.pgrelay.bench.idle;

import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/** Renders the outcomes as a markdown table, one row per target. */
final class IdleClientTable {
    static final String HEADER = """
            | target | idle clients | login time | RSS: none → half → all | RSS per client | live heap: none → half → all | heap per client |
            |---|---:|---:|---:|---:|---:|---:|
            """;

    private IdleClientTable() {
    }

    static String render(List<IdleClientOutcome> outcomes) {
        StringBuilder table = new StringBuilder(HEADER);
        for (IdleClientOutcome outcome : outcomes) {
            table.append(row(outcome)).append('\n');
        }
        return table.toString();
    }

    private static String row(IdleClientOutcome outcome) {
        if (outcome instanceof IdleClientOutcome.Failed failed) {
            return "| " + failed.target() + " | failed: " + failed.reason().replace("|", "\\|") + " | | | | | |";
        }
        IdleClientOutcome.Measured measured = (IdleClientOutcome.Measured) outcome;
        boolean jvm = measured.heapBytesPerClient().isPresent();
        return String.format(Locale.ROOT, "| %s | %d | %.1f s | %s | %s | %s | %s |",
                measured.target(), measured.clients(), measured.loginTime().toMillis() / 1000.0,
                progression(measured, MemorySample::residentKb), kibibytes(measured.residentBytesPerClient()),
                jvm ? progression(measured, sample -> sample.heapUsedKb().getAsLong()) : "n/a (not a JVM)",
                jvm ? kibibytes(measured.heapBytesPerClient().getAsLong()) : "n/a");
    }

    /** "80.0 → 120.0 → 160.0 MiB": the three samples of one measure. */
    private static String progression(IdleClientOutcome.Measured measured, ToLongFunction<MemorySample> kb) {
        return String.format(Locale.ROOT, "%.1f → %.1f → %.1f MiB", kb.applyAsLong(measured.none()) / 1024.0,
                kb.applyAsLong(measured.half()) / 1024.0, kb.applyAsLong(measured.all()) / 1024.0);
    }

    private static String kibibytes(long bytes) {
        return String.format(Locale.ROOT, "%.2f KiB", bytes / 1024.0);
    }
}
