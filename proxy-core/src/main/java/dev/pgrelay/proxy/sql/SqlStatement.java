package dev.pgrelay.proxy.sql;

import java.util.List;

/**
 * One statement of a (possibly multi-statement) SQL text: its tokens without comments, and the comments that
 * come before its first token, where routing hints such as {@code pgrelay:primary} live.
 */
public record SqlStatement(List<Token> tokens, List<String> leadingComments) {

    public SqlStatement {
        tokens = List.copyOf(tokens);
        leadingComments = List.copyOf(leadingComments);
    }
}
