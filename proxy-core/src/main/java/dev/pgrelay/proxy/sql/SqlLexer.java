package dev.pgrelay.proxy.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Splits SQL text into tokens the way PostgreSQL's lexer does (src/backend/parser/scan.l, PostgreSQL 16 rules):
 * comments (nested block comments too), every kind of string literal with its escapes and its continuation over
 * a newline, dollar quotes, quoted names, numbers, operators and punctuation. Whitespace is dropped; comments stay
 * as {@link TokenKind#COMMENT} tokens so that leading hints can be read.
 *
 * <p>It assumes what PostgreSQL has assumed by default since 9.1: {@code standard_conforming_strings = on} (a
 * backslash is an ordinary character in {@code '…'}) and a UTF-8 database. It never throws: text PostgreSQL would
 * reject becomes an {@link TokenKind#INVALID} token, and an unterminated quote or comment runs to the end.
 */
public final class SqlLexer {
    /** PostgreSQL truncates names to NAMEDATALEN - 1 bytes. */
    private static final int MAX_NAME_BYTES = 63;
    private static final String OPERATOR_CHARS = "~!@#^&|`?+-*/%<>=";
    /**
     * A multi-character operator ending in + or - loses that sign unless it contains one of these, so that
     * {@code x=-1} reads as {@code x = -1} (scan.l, "operator" rule).
     */
    private static final String KEEPS_TRAILING_SIGN = "~!@#^&|`?%";

    /** How the characters between two quotes are read. */
    private enum Quoting {
        STANDARD('\'', true, false),
        BACKSLASH_ESCAPES('\'', true, true),
        BIT_STRING('\'', false, false),
        IDENTIFIER('"', true, false);

        final char quote;
        final boolean doubledQuoteEscapes;
        final boolean backslashEscapes;

        Quoting(char quote, boolean doubledQuoteEscapes, boolean backslashEscapes) {
            this.quote = quote;
            this.doubledQuoteEscapes = doubledQuoteEscapes;
            this.backslashEscapes = backslashEscapes;
        }
    }

    private final String sql;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;

    private SqlLexer(String sql) {
        this.sql = sql;
    }

    /** The tokens of {@code sql} in order, comments included, whitespace left out. */
    public static List<Token> tokenize(String sql) {
        SqlLexer lexer = new SqlLexer(sql);
        lexer.pos = lexer.skipWhitespace(0);
        while (lexer.pos < sql.length()) {
            lexer.tokens.add(lexer.scanToken());
            lexer.pos = lexer.skipWhitespace(lexer.pos);
        }
        return Collections.unmodifiableList(lexer.tokens);
    }

    private Token scanToken() {
        int start = pos;
        char c = sql.charAt(pos);
        char next = charAt(pos + 1);
        if (isCommentStart(pos)) {
            return c == '-' ? lineComment() : blockComment();
        }
        if (c == '\'') {
            return string(start, pos + 1, Quoting.STANDARD, false);
        }
        if (c == '"') {
            return quotedIdentifier(start, pos + 1, false);
        }
        if (c == '$') {
            return dollar();
        }
        if (isDigit(c) || (c == '.' && isDigit(next))) {
            return number();
        }
        if (next == '\'') {
            switch (c) {
                case 'e', 'E':
                    return string(start, pos + 2, Quoting.BACKSLASH_ESCAPES, false);
                case 'n', 'N':
                    return string(start, pos + 2, Quoting.STANDARD, false);
                case 'b', 'B', 'x', 'X':
                    return bitString(Character.toLowerCase(c));
                default:
                    break;
            }
        }
        if ((c == 'u' || c == 'U') && next == '&') {
            char quote = charAt(pos + 2);
            if (quote == '\'') {
                return string(start, pos + 3, Quoting.STANDARD, true);
            }
            if (quote == '"') {
                return quotedIdentifier(start, pos + 3, true);
            }
        }
        if (isIdentifierStart(c)) {
            return identifier();
        }
        if (OPERATOR_CHARS.indexOf(c) >= 0) {
            return operator();
        }
        return punctuation(c);
    }

    private Token lineComment() {
        int start = pos;
        int end = lineEnd(start);
        pos = end;
        return new Token(TokenKind.COMMENT, sql.substring(start + 2, end), start, end);
    }

    private Token blockComment() {
        int start = pos;
        int end = blockCommentEnd(start);
        if (end < 0) {
            return invalidToEnd(start);
        }
        pos = end;
        return new Token(TokenKind.COMMENT, sql.substring(start + 2, end - 2), start, end);
    }

    /**
     * A string literal from its opening quote, with its continuations: PostgreSQL joins {@code 'a'} and
     * {@code 'b'} into one literal when only whitespace with at least one newline (and {@code --} comments) lies
     * between them. A U& string may be followed by {@code UESCAPE 'c'}, which names its escape character.
     */
    private Token string(int start, int contentStart, Quoting quoting, boolean unicode) {
        pos = contentStart;
        String raw = quotedContent(quoting);
        if (raw == null) {
            return invalidToEnd(start);
        }
        String value = unicode ? unicodeValue(raw)
                : quoting == Quoting.BACKSLASH_ESCAPES ? EscapeDecoder.backslashEscapes(raw)
                : raw;
        return value == null ? invalid(start) : new Token(TokenKind.STRING, value, start, pos);
    }

    private Token bitString(char prefix) {
        int start = pos;
        pos += 2;
        String raw = quotedContent(Quoting.BIT_STRING);
        return raw == null ? invalidToEnd(start) : new Token(TokenKind.BIT_STRING, prefix + raw, start, pos);
    }

    private Token quotedIdentifier(int start, int contentStart, boolean unicode) {
        pos = contentStart;
        String raw = quotedContent(Quoting.IDENTIFIER);
        if (raw == null) {
            return invalidToEnd(start);
        }
        String value = unicode ? unicodeValue(raw) : raw;
        // PostgreSQL refuses a zero-length delimited identifier
        return value == null || value.isEmpty()
                ? invalid(start)
                : new Token(TokenKind.QUOTED_IDENTIFIER, truncateName(value), start, pos);
    }

    /** Reads up to the closing quote (and through a string's continuations); null when the text ends first. */
    private String quotedContent(Quoting quoting) {
        StringBuilder raw = new StringBuilder();
        do {
            if (!readQuoted(quoting, raw)) {
                return null;
            }
        } while (quoting != Quoting.IDENTIFIER && continueString());
        return raw.toString();
    }

    private boolean readQuoted(Quoting quoting, StringBuilder into) {
        while (pos < sql.length()) {
            char c = sql.charAt(pos++);
            if (c == quoting.quote) {
                if (!quoting.doubledQuoteEscapes || charAt(pos) != quoting.quote) {
                    return true;
                }
                pos++;
            } else if (c == '\\' && quoting.backslashEscapes && pos < sql.length()) {
                // keep the escape for the decoder, but an escaped quote must not end the literal
                into.append(c);
                c = sql.charAt(pos++);
            }
            into.append(c);
        }
        return false;
    }

    private boolean continueString() {
        int i = pos;
        boolean newline = false;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\n' || c == '\r') {
                newline = true;
                i++;
            } else if (isWhitespace(c)) {
                i++;
            } else if (c == '-' && charAt(i + 1) == '-') {
                i = lineEnd(i);
            } else {
                break;
            }
        }
        if (newline && charAt(i) == '\'') {
            pos = i + 1;
            return true;
        }
        return false;
    }

    /** Decodes a U& literal, reading a following {@code UESCAPE 'c'} (comments and whitespace may come between). */
    private String unicodeValue(String raw) {
        int afterLiteral = pos;
        int keyword = skipWhitespaceAndComments(pos);
        boolean uescape = keyword + 7 <= sql.length()
                && lowerCaseAscii(sql.substring(keyword, keyword + 7)).equals("uescape")
                && !isIdentifierPart(charAt(keyword + 7));
        if (!uescape) {
            pos = afterLiteral;
            return EscapeDecoder.unicodeEscapes(raw, '\\');
        }
        int quote = skipWhitespaceAndComments(keyword + 7);
        char escape = charAt(quote + 1);
        boolean simpleLiteral = charAt(quote) == '\'' && charAt(quote + 2) == '\'' && charAt(quote + 3) != '\'';
        pos = simpleLiteral ? quote + 3 : keyword + 7;
        boolean allowedEscape = EscapeDecoder.digitValue(escape, 16) < 0
                && "+'\"".indexOf(escape) < 0 && !isWhitespace(escape);
        return simpleLiteral && allowedEscape ? EscapeDecoder.unicodeEscapes(raw, escape) : null;
    }

    /** {@code $1} is a parameter; {@code $tag$…$tag$} (tag optional) is a dollar-quoted string. */
    private Token dollar() {
        int start = pos;
        if (isDigit(charAt(pos + 1))) {
            pos++;
            while (isDigit(charAt(pos))) {
                pos++;
            }
            return new Token(TokenKind.PARAMETER, sql.substring(start, pos), start, pos);
        }
        int tagEnd = pos + 1;
        if (isIdentifierStart(charAt(tagEnd))) {
            tagEnd++;
            // a tag is a name without '$'
            while (isIdentifierStart(charAt(tagEnd)) || isDigit(charAt(tagEnd))) {
                tagEnd++;
            }
        }
        if (charAt(tagEnd) != '$') {
            pos++;
            return new Token(TokenKind.INVALID, "$", start, pos);
        }
        String delimiter = sql.substring(start, tagEnd + 1);
        int close = sql.indexOf(delimiter, tagEnd + 1);
        if (close < 0) {
            return invalidToEnd(start);
        }
        pos = close + delimiter.length();
        return new Token(TokenKind.STRING, sql.substring(tagEnd + 1, close), start, pos);
    }

    /**
     * Decimal integers and decimals with an optional exponent, and (PostgreSQL 16) {@code 0x}/{@code 0o}/{@code 0b}
     * integers and underscores between digits. {@code 1..2} is the integer 1 followed by {@code ..}.
     */
    private Token number() {
        int start = pos;
        int radix = radixPrefix();
        if (radix != 10) {
            pos += 2;
            if (charAt(pos) == '_') {
                pos++;
            }
            digits(radix);
            return new Token(TokenKind.NUMBER, sql.substring(start, pos), start, pos);
        }
        if (sql.charAt(pos) != '.') {
            digits(10);
        }
        if (charAt(pos) == '.' && charAt(pos + 1) != '.') {
            pos++;
            if (isDigit(charAt(pos))) {
                digits(10);
            }
        }
        char sign = charAt(pos + 1);
        int exponentDigits = sign == '+' || sign == '-' ? pos + 2 : pos + 1;
        if ((charAt(pos) == 'e' || charAt(pos) == 'E') && isDigit(charAt(exponentDigits))) {
            pos = exponentDigits;
            digits(10);
        }
        return new Token(TokenKind.NUMBER, sql.substring(start, pos), start, pos);
    }

    private int radixPrefix() {
        if (sql.charAt(pos) != '0') {
            return 10;
        }
        int radix = switch (charAt(pos + 1)) {
            case 'x', 'X' -> 16;
            case 'o', 'O' -> 8;
            case 'b', 'B' -> 2;
            default -> 10;
        };
        int firstDigit = charAt(pos + 2) == '_' ? pos + 3 : pos + 2;
        return EscapeDecoder.digitValue(charAt(firstDigit), radix) >= 0 ? radix : 10;
    }

    /** Digits of the radix, with single underscores allowed between two digits. */
    private void digits(int radix) {
        while (EscapeDecoder.digitValue(charAt(pos), radix) >= 0) {
            pos++;
            if (charAt(pos) == '_' && EscapeDecoder.digitValue(charAt(pos + 1), radix) >= 0) {
                pos++;
            }
        }
    }

    private Token identifier() {
        int start = pos;
        pos++;
        while (pos < sql.length() && isIdentifierPart(sql.charAt(pos))) {
            pos++;
        }
        String name = truncateName(lowerCaseAscii(sql.substring(start, pos)));
        return new Token(TokenKind.IDENTIFIER, name, start, pos);
    }

    private Token operator() {
        int start = pos;
        int end = start + 1;
        // a comment start inside an operator ends it
        while (end < sql.length() && OPERATOR_CHARS.indexOf(sql.charAt(end)) >= 0 && !isCommentStart(end)) {
            end++;
        }
        char last = sql.charAt(end - 1);
        if (end - start > 1 && (last == '+' || last == '-') && !containsAny(start, end, KEEPS_TRAILING_SIGN)) {
            while (end - start > 1 && (sql.charAt(end - 1) == '+' || sql.charAt(end - 1) == '-')) {
                end--;
            }
        }
        pos = end;
        return new Token(TokenKind.OPERATOR, sql.substring(start, end), start, end);
    }

    private Token punctuation(char c) {
        int start = pos++;
        String text;
        TokenKind kind = TokenKind.PUNCTUATION;
        switch (c) {
            case ';' -> {
                kind = TokenKind.SEMICOLON;
                text = ";";
            }
            case ',', '(', ')', '[', ']' -> text = String.valueOf(c);
            case ':' -> {
                if (charAt(pos) == ':' || charAt(pos) == '=') {
                    kind = charAt(pos) == '=' ? TokenKind.OPERATOR : TokenKind.PUNCTUATION;
                    pos++;
                }
                text = sql.substring(start, pos);
            }
            case '.' -> {
                if (charAt(pos) == '.') {
                    pos++;
                }
                text = sql.substring(start, pos);
            }
            default -> {
                kind = TokenKind.INVALID;
                text = String.valueOf(c);
            }
        }
        return new Token(kind, text, start, pos);
    }

    private Token invalid(int start) {
        return new Token(TokenKind.INVALID, sql.substring(start, pos), start, pos);
    }

    private Token invalidToEnd(int start) {
        pos = sql.length();
        return invalid(start);
    }

    private int skipWhitespace(int from) {
        int i = from;
        while (i < sql.length() && isWhitespace(sql.charAt(i))) {
            i++;
        }
        return i;
    }

    private int skipWhitespaceAndComments(int from) {
        int i = skipWhitespace(from);
        while (isCommentStart(i)) {
            int end = sql.charAt(i) == '-' ? lineEnd(i) : blockCommentEnd(i);
            if (end < 0) {
                return i;
            }
            i = skipWhitespace(end);
        }
        return i;
    }

    private int lineEnd(int from) {
        int i = from;
        while (i < sql.length() && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') {
            i++;
        }
        return i;
    }

    /** The index just past the {@code *}{@code /} that closes the (nested) comment opening at {@code from}, or -1. */
    private int blockCommentEnd(int from) {
        int depth = 0;
        int i = from;
        while (i + 1 < sql.length()) {
            char c = sql.charAt(i);
            char next = sql.charAt(i + 1);
            if (c == '/' && next == '*') {
                depth++;
                i += 2;
            } else if (c == '*' && next == '/') {
                i += 2;
                if (--depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return -1;
    }

    private boolean isCommentStart(int i) {
        char c = charAt(i);
        char next = charAt(i + 1);
        return (c == '-' && next == '-') || (c == '/' && next == '*');
    }

    private boolean containsAny(int start, int end, String chars) {
        for (int i = start; i < end; i++) {
            if (chars.indexOf(sql.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private char charAt(int i) {
        return i < sql.length() ? sql.charAt(i) : '\0';
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** PostgreSQL treats every non-ASCII character as a letter. */
    private static boolean isIdentifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    private static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || isDigit(c) || c == '$';
    }

    /** PostgreSQL folds only ASCII letters (downcase_identifier). */
    private static String lowerCaseAscii(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] chars = name.toCharArray();
                for (int j = i; j < chars.length; j++) {
                    if (chars[j] >= 'A' && chars[j] <= 'Z') {
                        chars[j] += 'a' - 'A';
                    }
                }
                return new String(chars);
            }
        }
        return name;
    }

    /** Cuts a name to 63 UTF-8 bytes without splitting a character, as PostgreSQL does (truncate_identifier). */
    static String truncateName(String name) {
        // three bytes at most per UTF-16 unit: short names cannot be too long
        if (name.length() <= MAX_NAME_BYTES / 3) {
            return name;
        }
        int bytes = 0;
        for (int i = 0; i < name.length(); ) {
            int codePoint = name.codePointAt(i);
            bytes += codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes > MAX_NAME_BYTES) {
                return name.substring(0, i);
            }
            i += Character.charCount(codePoint);
        }
        return name;
    }
}
