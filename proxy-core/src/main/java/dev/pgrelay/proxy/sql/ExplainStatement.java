package dev.pgrelay.proxy.sql;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code EXPLAIN [ANALYZE] [VERBOSE] statement} or {@code EXPLAIN (option [value], …) statement}: the explained
 * statement, and whether EXPLAIN runs it (ANALYZE) or only plans it.
 */
record ExplainStatement(boolean analyze, List<Token> statement) {
    /** The values defGetBoolean reads as false; any other value of ANALYZE runs the statement (or fails). */
    private static final Set<String> FALSE_VALUES = Set.of("false", "off", "0");

    /** The EXPLAIN statement the tokens spell, or null when they do not begin with EXPLAIN. */
    static ExplainStatement parse(List<Token> tokens) {
        TokenReader reader = new TokenReader(tokens, 0);
        if (!reader.accept("explain")) {
            return null;
        }
        if (reader.peek() != null && reader.peek().isPunctuation("(")) {
            int close = TokenReader.closingParenthesis(tokens, reader.position());
            boolean analyze = analyzeOption(tokens.subList(reader.position() + 1, close));
            return new ExplainStatement(analyze, tokens.subList(Math.min(close + 1, tokens.size()), tokens.size()));
        }
        boolean analyze = false;
        while (true) {
            if (reader.accept("analyze") || reader.accept("analyse")) {
                analyze = true;
            } else if (!reader.accept("verbose")) {
                return new ExplainStatement(analyze, reader.rest());
            }
        }
    }

    /** Reads {@code name [value], …}: ANALYZE without a value, or with a true one, runs the statement. */
    private static boolean analyzeOption(List<Token> options) {
        boolean analyze = false;
        int start = 0;
        for (int i = 0; i <= options.size(); i++) {
            if (i == options.size() || options.get(i).isPunctuation(",")) {
                List<Token> option = options.subList(start, i);
                if (!option.isEmpty() && (option.get(0).isKeyword("analyze") || option.get(0).isKeyword("analyse"))) {
                    analyze = option.size() == 1 || !isFalse(option.subList(1, option.size()));
                }
                start = i + 1;
            }
        }
        return analyze;
    }

    private static boolean isFalse(List<Token> value) {
        if (value.size() != 1) {
            return false;
        }
        Token token = value.get(0);
        boolean word = token.kind() == TokenKind.IDENTIFIER || token.kind() == TokenKind.STRING
                || token.kind() == TokenKind.NUMBER;
        return word && FALSE_VALUES.contains(token.value().toLowerCase(Locale.ROOT));
    }
}
