package dev.pgrelay.proxy.sql;

/** What a {@link Token} is, as PostgreSQL's lexer (src/backend/parser/scan.l) tells them apart. */
public enum TokenKind {
    /** An unquoted name or keyword; the value is lower-cased (ASCII letters only, as PostgreSQL does). */
    IDENTIFIER,
    /** A {@code "quoted"} or {@code U&"quoted"} name; the value is unescaped and keeps its case. */
    QUOTED_IDENTIFIER,
    /** {@code 'string'}, {@code E'…'}, {@code U&'…'}, {@code N'…'} or {@code $tag$…$tag$}; the value is the content. */
    STRING,
    /** {@code B'…'} or {@code X'…'}; the value is {@code b} or {@code x} followed by the digits as written. */
    BIT_STRING,
    /** An integer or decimal literal; the value is the text as written. */
    NUMBER,
    /** A positional parameter; the value is the text as written, e.g. {@code $1}. */
    PARAMETER,
    /** An operator such as {@code =}, {@code <>}, {@code ||} or {@code :=}. */
    OPERATOR,
    /** One of {@code ( ) [ ] , . .. : ::}. */
    PUNCTUATION,
    /** {@code ;} — separates statements, except inside parentheses and SQL-standard routine bodies. */
    SEMICOLON,
    /** A {@code --} line comment or a slash-star block comment; the value is the text between the delimiters. */
    COMMENT,
    /** Text PostgreSQL rejects: an unterminated quote or comment, a bad escape, a stray character. */
    INVALID
}
