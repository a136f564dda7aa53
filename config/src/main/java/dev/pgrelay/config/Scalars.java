package dev.pgrelay.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/** Parsers for plain scalar settings (numbers, booleans, names, paths); each failure is an IllegalArgumentException. */
final class Scalars {
    // YAML 1.1 spellings, which SnakeYAML itself would read as booleans.
    private static final Set<String> TRUE = Set.of("true", "yes", "on");
    private static final Set<String> FALSE = Set.of("false", "no", "off");

    private Scalars() {
    }

    static int wholeNumber(String text, int min, int max) {
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number, got '" + text + "'");
        }
        if (value < min) {
            throw new IllegalArgumentException("must be at least " + min + ", got " + value);
        }
        if (value > max) {
            throw new IllegalArgumentException("must be at most " + max + ", got " + value);
        }
        return (int) value;
    }

    static boolean bool(String text) {
        String lower = text.trim().toLowerCase(Locale.ROOT);
        if (TRUE.contains(lower)) {
            return true;
        }
        if (FALSE.contains(lower)) {
            return false;
        }
        throw new IllegalArgumentException("expected true or false, got '" + text + "'");
    }

    static String nonEmpty(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return text;
    }

    static Path path(String text) {
        // InvalidPathException is an IllegalArgumentException, so it is reported with key and line too.
        return Path.of(nonEmpty(text));
    }
}
