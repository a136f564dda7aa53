package dev.pgrelay.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Reads durations such as {@code 500ms}, {@code 1.5s}, {@code 2m}, {@code 0}, and writes them back the same way. */
public final class Durations {
    private static final String HINT = " (use e.g. 500ms, 1s, 2m)";
    private static final long MICRO = 1_000L;
    private static final long MILLI = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final Map<String, Long> UNIT_NANOS = Map.of(
            "us", MICRO, "ms", MILLI, "s", SECOND, "m", MINUTE, "min", MINUTE, "h", HOUR, "d", 24 * HOUR);
    /** Units {@link #format} uses, largest first. */
    private static final List<Map.Entry<String, Long>> FORMAT_UNITS = List.of(
            Map.entry("h", HOUR), Map.entry("m", MINUTE), Map.entry("s", SECOND), Map.entry("ms", MILLI),
            Map.entry("us", MICRO));

    private Durations() {
    }

    static boolean isUnit(String unit) {
        return UNIT_NANOS.containsKey(unit);
    }

    /** @throws IllegalArgumentException with a message saying how to write a duration */
    public static Duration parse(String text) {
        Quantity quantity = Quantity.split(text)
                .orElseThrow(() -> new IllegalArgumentException("invalid duration '" + text + "'" + HINT));
        if (quantity.isNegative()) {
            throw new IllegalArgumentException("invalid duration '" + text + "': must not be negative");
        }
        if (quantity.unit().isEmpty()) {
            if (quantity.amount().signum() == 0) {
                return Duration.ZERO;
            }
            // A bare number could mean seconds (PgBouncer) or milliseconds (PostgreSQL GUCs): make the reader say.
            throw new IllegalArgumentException("invalid duration '" + text + "': a plain number is ambiguous, write "
                    + quantity.amount() + "s or " + quantity.amount() + "ms");
        }
        Long unitNanos = UNIT_NANOS.get(quantity.unit());
        if (unitNanos == null) {
            throw new IllegalArgumentException("invalid duration '" + text + "'" + HINT);
        }
        long nanos = quantity.times(unitNanos)
                .filter(n -> n % MICRO == 0)
                .orElseThrow(() -> new IllegalArgumentException(
                        "invalid duration '" + text + "': must be whole microseconds and at most 292 years"));
        return Duration.ofNanos(nanos);
    }

    /** Like {@link #parse} but rejects zero, for intervals that would otherwise spin. */
    static Duration parsePositive(String text) {
        Duration duration = parse(text);
        if (duration.isZero()) {
            throw new IllegalArgumentException("must be greater than 0, got '" + text + "'");
        }
        return duration;
    }

    /** Shortest exact spelling that {@link #parse} reads back to the same value, e.g. {@code 1500ms}, {@code 2m}. */
    public static String format(Duration duration) {
        long nanos = duration.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        for (Map.Entry<String, Long> unit : FORMAT_UNITS) {
            if (nanos % unit.getValue() == 0) {
                return nanos / unit.getValue() + unit.getKey();
            }
        }
        throw new IllegalArgumentException("duration " + duration + " is finer than a microsecond");
    }
}
