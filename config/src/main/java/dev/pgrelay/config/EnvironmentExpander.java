package dev.pgrelay.config;

import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Expands {@code ${VAR}} and {@code ${VAR:-default}} in config values so secrets can stay out of the file;
 * {@code $$} stands for a literal {@code $}, and a {@code $} followed by anything else is kept as written.
 */
final class EnvironmentExpander {
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String DEFAULT_SEPARATOR = ":-";

    private final Function<String, String> environment;

    EnvironmentExpander(Function<String, String> environment) {
        this.environment = environment;
    }

    /** @throws IllegalArgumentException for an undefined variable or a malformed reference (never echoing the value) */
    String expand(String text) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            if (c == '$' && next == '$') {
                out.append('$');
                i += 2;
            } else if (c == '$' && next == '{') {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated '${' (close it with '}', or write $$ for a literal $)");
                }
                out.append(resolve(text.substring(i + 2, end)));
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private String resolve(String reference) {
        int separator = reference.indexOf(DEFAULT_SEPARATOR);
        String name = separator < 0 ? reference : reference.substring(0, separator);
        if (!VARIABLE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid environment variable reference '${" + reference
                    + "}' (use ${NAME} or ${NAME:-default})");
        }
        String value = environment.apply(name);
        if (separator >= 0) {
            // Shell semantics: ':-' falls back when the variable is unset or empty.
            return value == null || value.isEmpty() ? reference.substring(separator + DEFAULT_SEPARATOR.length()) : value;
        }
        if (value == null) {
            throw new IllegalArgumentException("environment variable '" + name
                    + "' is not set (set it, or give a default: ${" + name + ":-value})");
        }
        return value;
    }
}
