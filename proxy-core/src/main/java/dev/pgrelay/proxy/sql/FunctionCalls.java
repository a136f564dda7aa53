package dev.pgrelay.proxy.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds the function calls among a statement's tokens: a name followed by "(" that PostgreSQL's grammar reads as
 * a call — not a keyword whose parenthesis is syntax ({@code IN (…)}, {@code CAST(…)}, {@code OVER (…)}), not an
 * alias with column names ({@code AS t(a, b)}), a type modifier ({@code ::numeric(10,2)}) or a WITH query's name.
 */
final class FunctionCalls {
    /** A call of {@code name}, qualified by {@code schema} or not (null); its "(" is at {@code openParenthesis}. */
    record FunctionCall(String schema, String name, int openParenthesis) {
        /** Unqualified or in pg_catalog: the built-in function when the name is a built-in one. */
        boolean isBuiltin() {
            return schema == null || schema.equals("pg_catalog");
        }
    }

    /** Unreserved keywords that open a clause with "(": window and aggregate clauses, grouping sets, … */
    private static final Set<String> CLAUSES_WITH_PARENTHESIS = Set.of(
            "over", "filter", "rollup", "cube", "sets", "materialized", "operator", "first", "next", "columns",
            "repeatable", "varying");
    /** The type/function-name keywords that are functions (the others are JOIN, LIKE, IS, …). */
    private static final Set<String> KEYWORD_FUNCTIONS = Set.of("left", "right", "current_schema");

    private FunctionCalls() {
    }

    static List<FunctionCall> in(List<Token> tokens) {
        List<FunctionCall> calls = new ArrayList<>();
        for (int i = 0; i + 1 < tokens.size(); i++) {
            Token name = tokens.get(i);
            if (!name.isName() || !tokens.get(i + 1).isPunctuation("(")) {
                continue;
            }
            Token before = i > 0 ? tokens.get(i - 1) : null;
            if (before != null && before.isPunctuation(".")) {
                if (i >= 2 && tokens.get(i - 2).isName()) {
                    calls.add(new FunctionCall(tokens.get(i - 2).value(), name.value(), i + 1));
                }
            } else if (!isSyntax(name) && !namesSomethingElse(before) && !isWithQueryName(tokens, i + 1)) {
                calls.add(new FunctionCall(null, name.value(), i + 1));
            }
        }
        return calls;
    }

    /**
     * Reserved and column-name keywords are never plain function names: their "(" belongs to the grammar's own
     * constructs (CAST, COALESCE, EXISTS, VALUES, ROW, EXTRACT, …) or to a type name (numeric(10,2)).
     */
    private static boolean isSyntax(Token name) {
        if (name.kind() != TokenKind.IDENTIFIER) {
            return false;
        }
        PgKeywords.Category category = PgKeywords.category(name.value());
        if (category == null) {
            return false;
        }
        return switch (category) {
            case RESERVED, COLUMN_NAME -> true;
            case TYPE_OR_FUNCTION_NAME -> !KEYWORD_FUNCTIONS.contains(name.value());
            case UNRESERVED -> CLAUSES_WITH_PARENTHESIS.contains(name.value());
        };
    }

    /**
     * After AS, "::", TABLESAMPLE, a ")" or a plain (non-keyword) name, a name with "(" is an alias with column
     * names ({@code FROM f() AS t(a)}, {@code FROM f() t(a)}, {@code FROM tab t(a)}), a type with modifiers or a
     * sampling method — nothing is called.
     */
    private static boolean namesSomethingElse(Token before) {
        if (before == null) {
            return false;
        }
        if (before.isKeyword("as") || before.isKeyword("tablesample")
                || before.isPunctuation("::") || before.isPunctuation(")")) {
            return true;
        }
        return before.kind() == TokenKind.QUOTED_IDENTIFIER
                || (before.kind() == TokenKind.IDENTIFIER && !PgKeywords.isKeyword(before.value()));
    }

    /** {@code name(columns) AS [NOT MATERIALIZED | MATERIALIZED] (query)} names a WITH query. */
    private static boolean isWithQueryName(List<Token> tokens, int open) {
        TokenReader reader = new TokenReader(tokens, TokenReader.closingParenthesis(tokens, open) + 1);
        if (!reader.accept("as")) {
            return false;
        }
        reader.accept("not");
        reader.accept("materialized");
        return reader.acceptPunctuation("(");
    }
}
