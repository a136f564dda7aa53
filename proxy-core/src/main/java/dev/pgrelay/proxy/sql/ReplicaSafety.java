package dev.pgrelay.proxy.sql;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Decides whether one statement can run on a replica outside an explicit transaction block. When unsure, it
 * answers no: a read sent to the primary is slower, a write sent to a replica fails.
 */
final class ReplicaSafety {
    /** Transaction control that writes nothing itself and goes wherever the transaction runs. */
    private static final Set<TransactionControl> RUNS_ANYWHERE = EnumSet.of(
            TransactionControl.BEGIN_READ_ONLY, TransactionControl.COMMIT, TransactionControl.ROLLBACK,
            TransactionControl.SAVEPOINT, TransactionControl.RELEASE_SAVEPOINT,
            TransactionControl.ROLLBACK_TO_SAVEPOINT);
    /** Words that make a query write wherever they stand: data-modifying WITH queries, SELECT INTO, FOR UPDATE. */
    private static final Set<String> WRITING_WORDS = Set.of("insert", "update", "delete", "merge", "into");
    /** FOR SHARE, FOR KEY SHARE, FOR NO KEY UPDATE: row locks, which a standby cannot take. */
    private static final Set<String> ROW_LOCK_AFTER_FOR = Set.of("share", "key", "no", "update");

    private final Set<String> readOnlyFunctions;

    ReplicaSafety(Set<String> readOnlyFunctions) {
        this.readOnlyFunctions = readOnlyFunctions;
    }

    boolean isReadOnly(List<Token> tokens) {
        if (tokens.isEmpty()) {
            return true;
        }
        if (tokens.stream().anyMatch(token -> token.kind() == TokenKind.INVALID)) {
            return false;
        }
        Token first = tokens.get(0);
        if (first.isPunctuation("(")) {
            return isReadOnlyQuery(tokens);
        }
        if (first.kind() != TokenKind.IDENTIFIER) {
            return false;
        }
        return switch (first.value()) {
            case "select", "values", "table", "with" -> isReadOnlyQuery(tokens);
            case "show" -> true;
            case "explain" -> isReadOnlyExplain(ExplainStatement.parse(tokens));
            case "copy" -> isReadOnlyCopy(tokens);
            case "begin", "start", "commit", "end", "rollback", "abort", "savepoint", "release" ->
                    RUNS_ANYWHERE.contains(TransactionControls.of(tokens));
            default -> false;
        };
    }

    /** A query, with its WITH queries and subqueries: no writing word, no row lock, no call that may write. */
    private boolean isReadOnlyQuery(List<Token> tokens) {
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.kind() != TokenKind.IDENTIFIER) {
                continue;
            }
            if (WRITING_WORDS.contains(token.value())) {
                return false;
            }
            if (token.value().equals("for") && i + 1 < tokens.size()
                    && tokens.get(i + 1).kind() == TokenKind.IDENTIFIER
                    && ROW_LOCK_AFTER_FOR.contains(tokens.get(i + 1).value())) {
                return false;
            }
        }
        return FunctionCalls.in(tokens).stream().allMatch(this::isReadOnlyCall);
    }

    /** EXPLAIN only plans; EXPLAIN ANALYZE runs the statement. */
    private boolean isReadOnlyExplain(ExplainStatement explain) {
        return !explain.analyze() || isReadOnly(explain.statement());
    }

    /**
     * COPY … TO STDOUT reads (and COPY (query) TO STDOUT as its query does). COPY … FROM writes; COPY … TO a
     * server file or PROGRAM acts on the server host, which must be the primary the user expects.
     */
    private boolean isReadOnlyCopy(List<Token> tokens) {
        int depth = 0;
        for (int i = 1; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.isPunctuation("(")) {
                depth++;
            } else if (token.isPunctuation(")")) {
                depth--;
            } else if (depth == 0 && (token.isKeyword("to") || token.isKeyword("from"))) {
                boolean toClient = token.isKeyword("to") && i + 1 < tokens.size()
                        && tokens.get(i + 1).isKeyword("stdout");
                if (!toClient || !tokens.get(1).isPunctuation("(")) {
                    return toClient;
                }
                return isReadOnly(tokens.subList(2, TokenReader.closingParenthesis(tokens, 1)));
            }
        }
        return false;
    }

    /**
     * Built-in side-effect-free functions and the configured read-only ones; a configured name without a schema
     * matches the function in any schema. The helper functions of information_schema only read the catalog.
     */
    private boolean isReadOnlyCall(FunctionCalls.FunctionCall call) {
        if (readOnlyFunctions.contains(call.name())
                || (call.schema() != null && readOnlyFunctions.contains(call.schema() + "." + call.name()))) {
            return true;
        }
        return (call.isBuiltin() && BuiltinFunctions.isSideEffectFree(call.name()))
                || "information_schema".equals(call.schema());
    }
}
