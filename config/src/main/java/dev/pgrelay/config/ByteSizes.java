package dev.pgrelay.config;

import java.util.List;
import java.util.Map;

/**
 * Reads sizes such as {@code 100B}, {@code 512kB}, {@code 16MB}, {@code 1GB} or plain bytes, and writes them back.
 * kB/MB/GB are 1024-based, as in PostgreSQL's GUCs; the KiB/MiB/GiB spellings mean the same.
 */
public final class ByteSizes {
    private static final String HINT = " (use e.g. 100B, 512kB, 16MB, 1GB)";
    private static final long KB = 1024L;
    private static final long MB = 1024 * KB;
    private static final long GB = 1024 * MB;
    private static final long TB = 1024 * GB;
    private static final Map<String, Long> UNIT_BYTES = Map.of(
            "", 1L, "b", 1L, "kb", KB, "kib", KB, "mb", MB, "mib", MB, "gb", GB, "gib", GB, "tb", TB, "tib", TB);
    /** Units {@link #format} uses, largest first. */
    private static final List<Map.Entry<String, Long>> FORMAT_UNITS = List.of(
            Map.entry("TB", TB), Map.entry("GB", GB), Map.entry("MB", MB), Map.entry("kB", KB), Map.entry("B", 1L));

    private ByteSizes() {
    }

    /** True for a size unit, including the empty unit of a plain byte count. */
    static boolean isUnit(String unit) {
        return UNIT_BYTES.containsKey(unit);
    }

    /** @throws IllegalArgumentException with a message saying how to write a size */
    public static long parse(String text) {
        Quantity quantity = Quantity.split(text)
                .filter(q -> isUnit(q.unit()))
                .orElseThrow(() -> new IllegalArgumentException("invalid size '" + text + "'" + HINT));
        if (quantity.isNegative()) {
            throw new IllegalArgumentException("invalid size '" + text + "': must not be negative");
        }
        return quantity.times(UNIT_BYTES.get(quantity.unit()))
                .orElseThrow(() -> new IllegalArgumentException(
                        "invalid size '" + text + "': must be a whole number of bytes and at most 8 EiB"));
    }

    /** {@link #parse} limited to {@code [min, max]}; both bounds appear in the message formatted as sizes. */
    static long parseWithin(String text, long min, long max) {
        long bytes = parse(text);
        if (bytes < min || bytes > max) {
            throw new IllegalArgumentException("must be between " + format(min) + " and " + format(max)
                    + ", got '" + text + "'");
        }
        return bytes;
    }

    /** Largest exact unit, e.g. {@code 16MB}, {@code 1536kB}, {@code 100B}. */
    public static String format(long bytes) {
        for (Map.Entry<String, Long> unit : FORMAT_UNITS) {
            if (bytes != 0 && bytes % unit.getValue() == 0) {
                return bytes / unit.getValue() + unit.getKey();
            }
        }
        return bytes + "B";
    }
}
