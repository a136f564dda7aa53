package dev.pgrelay.proxy.sql;

/**
 * One lexical token of SQL text: what it is, its normalized value (see {@link TokenKind}), and where it stands in
 * the text ({@code start} inclusive, {@code end} exclusive).
 */
public record Token(TokenKind kind, String value, int start, int end) {

    /** True for an unquoted word spelled {@code keyword}, which must be given in lower case. */
    public boolean isKeyword(String keyword) {
        return kind == TokenKind.IDENTIFIER && value.equals(keyword);
    }

    public boolean isPunctuation(String punctuation) {
        return kind == TokenKind.PUNCTUATION && value.equals(punctuation);
    }

    public boolean isOperator(String operator) {
        return kind == TokenKind.OPERATOR && value.equals(operator);
    }

    /** True for anything that can name an object: an unquoted word (keywords included) or a quoted name. */
    public boolean isName() {
        return kind == TokenKind.IDENTIFIER || kind == TokenKind.QUOTED_IDENTIFIER;
    }
}
