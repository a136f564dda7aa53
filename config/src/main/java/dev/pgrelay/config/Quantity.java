package dev.pgrelay.config;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A number with an optional unit as written in the config ({@code 1.5s}, {@code 16MB}); unit lower-cased, "" if none. */
record Quantity(BigDecimal amount, String unit) {
    private static final Pattern NUMBER_AND_UNIT = Pattern.compile("([+-]?[0-9]+(?:\\.[0-9]+)?)\\s*([A-Za-z]*)");

    static Optional<Quantity> split(String text) {
        Matcher matcher = NUMBER_AND_UNIT.matcher(text.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Quantity(new BigDecimal(matcher.group(1)), matcher.group(2).toLowerCase(Locale.ROOT)));
    }

    boolean isNegative() {
        return amount.signum() < 0;
    }

    /** amount × unitSize as an exact long, or empty when it has a fraction left or overflows. */
    Optional<Long> times(long unitSize) {
        try {
            return Optional.of(amount.multiply(BigDecimal.valueOf(unitSize)).longValueExact());
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }
}
