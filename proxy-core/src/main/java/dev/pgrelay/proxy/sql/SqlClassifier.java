package dev.pgrelay.proxy.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Classifies SQL text for routing and pooling: whether a replica can run it, whether it asks for the primary,
 * what it does to the transaction block and to session state. See {@link CachedSqlClassifier} for the variant
 * the proxy path should call.
 *
 * <p>A statement is read-only when it is a query (SELECT, VALUES, TABLE, WITH) whose every part reads — no
 * data-modifying WITH query, no SELECT INTO, no FOR UPDATE/SHARE, and no call of a function other than the
 * built-in side-effect-free ones and the configured {@code readOnlyFunctions} — or SHOW, EXPLAIN (EXPLAIN ANALYZE
 * only of a read-only statement), COPY … TO STDOUT of a table or read-only query, BEGIN READ ONLY, COMMIT,
 * ROLLBACK and savepoints. Everything else (SET, LOCK, CALL, DO, DML, DDL, VACUUM, …) goes to the primary, and
 * so does anything the classifier is unsure of.
 */
public final class SqlClassifier {
    /** A leading comment starting with this word forces the primary: {@code /* pgrelay:primary *}{@code /}. */
    static final String PRIMARY_HINT = "pgrelay:primary";

    private final ReplicaSafety replicaSafety;

    /**
     * @param readOnlyFunctions functions (besides the built-in ones) a replica may run, as PostgreSQL spells them
     *                          after case folding: {@code name} for any schema, or {@code schema.name}
     */
    public SqlClassifier(Set<String> readOnlyFunctions) {
        this.replicaSafety = new ReplicaSafety(Set.copyOf(readOnlyFunctions));
    }

    /** Never throws: text PostgreSQL would reject is classified too (as not read-only). */
    public Classification classify(String sql) {
        boolean readOnly = true;
        boolean forcePrimary = false;
        TransactionControl txControl = TransactionControl.NONE;
        List<SessionEffect> sessionEffects = new ArrayList<>();
        for (SqlStatement statement : StatementSplitter.split(sql)) {
            readOnly &= replicaSafety.isReadOnly(statement.tokens());
            forcePrimary |= statement.leadingComments().stream().anyMatch(SqlClassifier::isPrimaryHint);
            TransactionControl control = TransactionControls.of(statement.tokens());
            if (control != TransactionControl.NONE) {
                txControl = control;
            }
            sessionEffects.addAll(SessionEffects.of(statement.tokens()));
        }
        return new Classification(readOnly, forcePrimary, txControl, sessionEffects);
    }

    private static boolean isPrimaryHint(String comment) {
        String text = comment.strip();
        int end = PRIMARY_HINT.length();
        return text.regionMatches(true, 0, PRIMARY_HINT, 0, end)
                && (text.length() == end || Character.isWhitespace(text.charAt(end)));
    }
}
