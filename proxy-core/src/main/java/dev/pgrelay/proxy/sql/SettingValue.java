package dev.pgrelay.proxy.sql;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Builds the text PostgreSQL makes of the value list of a SET statement (flatten_set_variable_args in guc.c), so
 * that {@code set_config(name, text, false)} gives the setting the SET gave: string literals and names by their
 * value, elements joined with ", ", integers that fit in 32 bits in decimal (SET x = 007 gives "7"), other numbers
 * as written, a leading minus kept.
 */
final class SettingValue {
    /**
     * Settings whose list elements PostgreSQL quotes as identifiers (GUC_LIST_QUOTE): {@code SET search_path TO
     * "My Schema", 'public'} gives {@code "My Schema", public}. The same list as pg_dump's
     * variable_is_guc_list_quote; an extension's own such settings are not known here.
     */
    private static final Set<String> LIST_QUOTE = Set.of(
            "local_preload_libraries", "search_path", "session_preload_libraries", "shared_preload_libraries",
            "temp_tablespaces", "unix_socket_directories");

    private SettingValue() {
    }

    /** The value text, or null when the tokens are not a plain value list (expressions, typed literals …). */
    static String flatten(String settingName, List<Token> values) {
        boolean quoteElements = LIST_QUOTE.contains(settingName.toLowerCase(Locale.ROOT));
        List<String> elements = new ArrayList<>();
        TokenReader reader = new TokenReader(values, 0);
        do {
            String element = element(reader, quoteElements);
            if (element == null) {
                return null;
            }
            elements.add(element);
        } while (reader.acceptPunctuation(","));
        return reader.atEnd() ? String.join(", ", elements) : null;
    }

    private static String element(TokenReader reader, boolean quoteElements) {
        if (reader.atEnd()) {
            return null;
        }
        Token token = reader.next();
        switch (token.kind()) {
            case STRING, IDENTIFIER, QUOTED_IDENTIFIER:
                return quoteElements ? quoteIdentifier(token.value()) : token.value();
            case NUMBER:
                return number(token.value(), false);
            case OPERATOR:
                boolean sign = token.value().equals("-") || token.value().equals("+");
                if (sign && reader.peek() != null && reader.peek().kind() == TokenKind.NUMBER) {
                    return number(reader.next().value(), token.value().equals("-"));
                }
                return null;
            default:
                return null;
        }
    }

    /**
     * An integer literal that fits in int4 becomes an Integer node and is printed back in decimal; any other
     * number stays a Float node holding the text as written, and a minus sign is prepended to that text.
     */
    static String number(String literal, boolean negative) {
        BigInteger integer = integerValue(literal);
        if (integer != null && integer.bitLength() < Integer.SIZE) {
            return (negative ? integer.negate() : integer).toString();
        }
        return negative ? "-" + literal : literal;
    }

    /** The value of an integer literal (decimal, or 0x / 0o / 0b, with underscores), or null for a decimal one. */
    private static BigInteger integerValue(String literal) {
        String digits = literal.replace("_", "");
        int radix = 10;
        if (digits.length() > 2 && digits.charAt(0) == '0') {
            radix = switch (digits.charAt(1)) {
                case 'x', 'X' -> 16;
                case 'o', 'O' -> 8;
                case 'b', 'B' -> 2;
                default -> 10;
            };
        }
        if (radix != 10) {
            return new BigInteger(digits.substring(2), radix);
        }
        return digits.chars().allMatch(c -> c >= '0' && c <= '9') ? new BigInteger(digits) : null;
    }

    /**
     * quote_identifier (ruleutils.c): a name stays bare only if it is lower-case letters, digits and underscores,
     * does not start with a digit, and is no keyword other than an unreserved one.
     */
    static String quoteIdentifier(String name) {
        boolean bare = !name.isEmpty() && (isLowerLetter(name.charAt(0)) || name.charAt(0) == '_');
        for (int i = 0; bare && i < name.length(); i++) {
            char c = name.charAt(i);
            bare = isLowerLetter(c) || (c >= '0' && c <= '9') || c == '_';
        }
        PgKeywords.Category category = bare ? PgKeywords.category(name) : null;
        if (bare && (category == null || category == PgKeywords.Category.UNRESERVED)) {
            return name;
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static boolean isLowerLetter(char c) {
        return c >= 'a' && c <= 'z';
    }
}
