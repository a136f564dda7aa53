package dev.pgrelay.proxy.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into statements at its top-level semicolons, as psql does (psqlscan.l): a semicolon inside
 * parentheses ({@code CREATE RULE … DO (…; …)}) or inside the {@code BEGIN ATOMIC … END} body of a
 * {@code CREATE [OR REPLACE] FUNCTION|PROCEDURE} does not end the statement. Empty statements are dropped.
 */
public final class StatementSplitter {
    private final List<SqlStatement> statements = new ArrayList<>();
    private final List<Token> tokens = new ArrayList<>();
    private final List<String> leadingComments = new ArrayList<>();
    private int parenthesisDepth;
    /** Open BEGIN (and CASE inside one) blocks of a SQL-standard routine body, each closed by END. */
    private int routineBodyDepth;

    private StatementSplitter() {
    }

    public static List<SqlStatement> split(String sql) {
        StatementSplitter splitter = new StatementSplitter();
        for (Token token : SqlLexer.tokenize(sql)) {
            splitter.accept(token);
        }
        splitter.endStatement();
        return List.copyOf(splitter.statements);
    }

    private void accept(Token token) {
        switch (token.kind()) {
            case COMMENT -> {
                if (tokens.isEmpty()) {
                    leadingComments.add(token.value());
                }
            }
            case SEMICOLON -> {
                if (parenthesisDepth == 0 && routineBodyDepth == 0) {
                    endStatement();
                } else {
                    tokens.add(token);
                }
            }
            default -> {
                tokens.add(token);
                trackNesting(token);
            }
        }
    }

    private void trackNesting(Token token) {
        if (token.isPunctuation("(")) {
            parenthesisDepth++;
        } else if (token.isPunctuation(")") && parenthesisDepth > 0) {
            parenthesisDepth--;
        } else if (token.kind() == TokenKind.IDENTIFIER && parenthesisDepth == 0 && definesRoutine()) {
            switch (token.value()) {
                case "begin" -> routineBodyDepth++;
                case "case" -> routineBodyDepth += routineBodyDepth > 0 ? 1 : 0;
                case "end" -> routineBodyDepth -= routineBodyDepth > 0 ? 1 : 0;
                default -> {
                }
            }
        }
    }

    /** CREATE [OR REPLACE] FUNCTION|PROCEDURE: only these can have a BEGIN ATOMIC body with semicolons. */
    private boolean definesRoutine() {
        if (tokens.size() < 2 || !tokens.get(0).isKeyword("create")) {
            return false;
        }
        int kind = tokens.get(1).isKeyword("or") && tokens.size() > 3 && tokens.get(2).isKeyword("replace") ? 3 : 1;
        return tokens.get(kind).isKeyword("function") || tokens.get(kind).isKeyword("procedure");
    }

    private void endStatement() {
        if (!tokens.isEmpty()) {
            statements.add(new SqlStatement(tokens, leadingComments));
        }
        tokens.clear();
        leadingComments.clear();
        parenthesisDepth = 0;
        routineBodyDepth = 0;
    }
}
