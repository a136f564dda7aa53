package dev.pgrelay.proxy.admin;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One admin console command as typed: a verb (SHOW, PAUSE, …) and its words, case-insensitive, with
 * surrounding blanks and a trailing semicolon ignored ("show pools;" is "SHOW POOLS").
 */
record AdminStatement(String verb, List<String> arguments) {

    /** Splits a Query message's text into commands at semicolons; blank ones are dropped. */
    static List<AdminStatement> parseAll(String sql) {
        return Arrays.stream(sql.split(";")).map(String::strip).filter(text -> !text.isEmpty())
                .map(AdminStatement::parse).toList();
    }

    static AdminStatement parse(String text) {
        String[] words = text.strip().split("\\s+");
        return new AdminStatement(words[0].toUpperCase(Locale.ROOT),
                Arrays.stream(words).skip(1).map(AdminStatement::unquote).toList());
    }

    /** Database names may be written as identifiers ("My DB") or plainly (folded to lower case, as SQL does). */
    private static String unquote(String word) {
        if (word.length() >= 2 && word.startsWith("\"") && word.endsWith("\"")) {
            return word.substring(1, word.length() - 1);
        }
        return word.toLowerCase(Locale.ROOT);
    }

    /** The single optional argument, e.g. PAUSE [db]; null when there is none. */
    String optionalArgument() {
        return arguments.isEmpty() ? null : arguments.get(0);
    }

    @Override
    public String toString() {
        return arguments.isEmpty() ? verb : verb + " " + String.join(" ", arguments);
    }
}
