package dev.pgrelay.proxy.sql;

import java.util.List;

/** A cursor over a statement's tokens for the small readers of this package (SET, EXPLAIN, transaction modes …). */
final class TokenReader {
    private final List<Token> tokens;
    private int position;

    TokenReader(List<Token> tokens, int position) {
        this.tokens = tokens;
        this.position = position;
    }

    boolean atEnd() {
        return position >= tokens.size();
    }

    int position() {
        return position;
    }

    /** The token {@code ahead} places after the current one, or null past the end. */
    Token peek(int ahead) {
        int index = position + ahead;
        return index < tokens.size() ? tokens.get(index) : null;
    }

    Token peek() {
        return peek(0);
    }

    boolean peekKeyword(int ahead, String keyword) {
        Token token = peek(ahead);
        return token != null && token.isKeyword(keyword);
    }

    boolean peekKeyword(String keyword) {
        return peekKeyword(0, keyword);
    }

    /** Consumes the keywords if they all come next, in this order; consumes nothing otherwise. */
    boolean accept(String... keywords) {
        for (int i = 0; i < keywords.length; i++) {
            if (!peekKeyword(i, keywords[i])) {
                return false;
            }
        }
        position += keywords.length;
        return true;
    }

    boolean acceptPunctuation(String punctuation) {
        Token token = peek();
        if (token == null || !token.isPunctuation(punctuation)) {
            return false;
        }
        position++;
        return true;
    }

    /** Consumes a name (quoted or not) and returns its value; returns null when no name comes next. */
    String acceptName() {
        Token token = peek();
        if (token == null || !token.isName()) {
            return null;
        }
        position++;
        return token.value();
    }

    /** The current token, consumed; the caller has checked that there is one. */
    Token next() {
        return tokens.get(position++);
    }

    List<Token> rest() {
        return tokens.subList(Math.min(position, tokens.size()), tokens.size());
    }

    /** The index of the ")" that closes the "(" at {@code open}, or the size of the list when none does. */
    static int closingParenthesis(List<Token> tokens, int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.isPunctuation("(")) {
                depth++;
            } else if (token.isPunctuation(")") && --depth == 0) {
                return i;
            }
        }
        return tokens.size();
    }
}
