package dev.pgrelay.config;

import java.time.Duration;

/**
 * How far behind the primary a replica may be and still get reads: either WAL bytes ({@code 16MB}) or
 * replay time ({@code 10s}). Exactly one of {@code bytes} and {@code time} is non-null.
 */
public record ReplicaLagLimit(Long bytes, Duration time) {
    public ReplicaLagLimit {
        if ((bytes == null) == (time == null)) {
            throw new IllegalArgumentException("exactly one of bytes and time must be given");
        }
        if (bytes != null && bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative, got " + bytes);
        }
    }

    public static ReplicaLagLimit ofBytes(long bytes) {
        return new ReplicaLagLimit(bytes, null);
    }

    public static ReplicaLagLimit ofTime(Duration time) {
        return new ReplicaLagLimit(null, time);
    }

    /** A size ({@code 16MB}, plain bytes) or a duration ({@code 10s}), told apart by the unit. */
    public static ReplicaLagLimit parse(String text) {
        String unit = Quantity.split(text).map(Quantity::unit).orElse(null);
        if (unit != null && Durations.isUnit(unit)) {
            return ofTime(Durations.parse(text));
        }
        if (unit != null && ByteSizes.isUnit(unit)) {
            return ofBytes(ByteSizes.parse(text));
        }
        throw new IllegalArgumentException("invalid lag limit '" + text + "' (use a size like 16MB or a duration like 10s)");
    }

    public boolean isBytes() {
        return bytes != null;
    }

    @Override
    public String toString() {
        return isBytes() ? ByteSizes.format(bytes) : Durations.format(time);
    }
}
