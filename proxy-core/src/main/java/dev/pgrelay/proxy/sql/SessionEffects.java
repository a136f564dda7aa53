package dev.pgrelay.proxy.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * What SQL text does to the session state of its server connection, statement by statement, for transaction
 * pooling: the settings to replay on the next connection, and the state that pins the client to this one.
 *
 * <p>An effect describes what a statement does when it succeeds; a SET inside a transaction block that is rolled
 * back does not take effect, which the caller knows from the transaction's outcome. What functions, procedures
 * and DO blocks do inside their bodies is not visible here.
 */
public final class SessionEffects {
    /** Session-level advisory locks; the _xact_ variants end with the transaction and leave nothing behind. */
    private static final Set<String> SESSION_ADVISORY_LOCKS = Set.of(
            "pg_advisory_lock", "pg_advisory_lock_shared", "pg_try_advisory_lock", "pg_try_advisory_lock_shared");

    private SessionEffects() {
    }

    /** The effects of every statement of {@code sql}, in order. */
    public static List<SessionEffect> of(String sql) {
        List<SessionEffect> effects = new ArrayList<>();
        for (SqlStatement statement : StatementSplitter.split(sql)) {
            effects.addAll(of(statement.tokens()));
        }
        return List.copyOf(effects);
    }

    /** The effects of one statement: what the statement itself does, then what its function calls do. */
    static List<SessionEffect> of(List<Token> tokens) {
        List<SessionEffect> effects = new ArrayList<>(statementEffects(tokens));
        effects.addAll(functionCallEffects(tokens));
        return effects;
    }

    private static List<SessionEffect> statementEffects(List<Token> tokens) {
        if (tokens.isEmpty()) {
            return List.of();
        }
        Token first = tokens.get(0);
        if (first.isPunctuation("(")) {
            return selectIntoTemporaryTable(tokens);
        }
        TokenReader reader = new TokenReader(tokens, 1);
        return switch (first.kind() == TokenKind.IDENTIFIER ? first.value() : "") {
            case "set" -> SettingStatements.set(reader);
            case "reset" -> SettingStatements.reset(reader);
            case "discard" -> reader.accept("all") ? List.of(new SessionEffect.DiscardAll()) : List.of();
            case "deallocate" -> deallocate(reader);
            case "prepare" -> TransactionControls.of(tokens) == TransactionControl.PREPARE_TRANSACTION
                    ? List.of() : prepare(reader);
            case "execute" -> named(reader.acceptName(), SessionEffect.Execute::new);
            case "listen" -> pin(PinReason.LISTEN);
            case "load" -> pin(PinReason.LOAD);
            case "declare" -> declaresHoldCursor(tokens) ? pin(PinReason.HOLD_CURSOR) : List.of();
            case "create" -> createsTemporaryObject(reader, tokens) ? pin(PinReason.TEMP_OBJECT) : List.of();
            case "select", "with" -> selectIntoTemporaryTable(tokens);
            case "explain" -> explainedEffects(ExplainStatement.parse(tokens));
            default -> List.of();
        };
    }

    /** EXPLAIN ANALYZE runs its statement (CREATE TABLE AS, SELECT INTO, …); plain EXPLAIN only plans it. */
    private static List<SessionEffect> explainedEffects(ExplainStatement explain) {
        return explain.analyze() ? statementEffects(explain.statement()) : List.of();
    }

    /** DEALLOCATE [PREPARE] {name | ALL}. */
    private static List<SessionEffect> deallocate(TokenReader reader) {
        if (reader.peekKeyword("prepare") && reader.peek(1) != null) {
            reader.next();
        }
        if (reader.accept("all")) {
            return List.of(new SessionEffect.DeallocateAll());
        }
        return named(reader.acceptName(), SessionEffect.Deallocate::new);
    }

    /** PREPARE name [(types)] AS statement (PREPARE TRANSACTION 'gid', two-phase commit, is not one). */
    private static List<SessionEffect> prepare(TokenReader reader) {
        String name = reader.acceptName();
        SessionEffect.Pin pin = new SessionEffect.Pin(PinReason.SQL_PREPARE);
        return name == null ? List.of(pin) : List.of(new SessionEffect.Prepare(name), pin);
    }

    /** DECLARE name … CURSOR WITH HOLD FOR query. */
    private static boolean declaresHoldCursor(List<Token> tokens) {
        for (int i = 1; i + 1 < tokens.size() && !tokens.get(i).isKeyword("for"); i++) {
            if (tokens.get(i).isKeyword("with") && tokens.get(i + 1).isKeyword("hold")) {
                return true;
            }
        }
        return false;
    }

    /**
     * CREATE [OR REPLACE] [LOCAL | GLOBAL] {TEMP | TEMPORARY} …, or any CREATE naming pg_temp (which also covers a
     * view over a temporary table, temporary itself). A temporary table created ON COMMIT DROP is gone when the
     * transaction ends, before the connection could serve anyone else.
     */
    private static boolean createsTemporaryObject(TokenReader reader, List<Token> tokens) {
        reader.accept("or", "replace");
        if (!reader.accept("local")) {
            reader.accept("global");
        }
        if (reader.accept("temp") || reader.accept("temporary")) {
            return !(reader.peekKeyword("table") && containsKeywords(tokens, "on", "commit", "drop"));
        }
        for (int i = 0; i < tokens.size(); i++) {
            if (isTemporarySchema(tokens, i)) {
                return true;
            }
        }
        return false;
    }

    /**
     * SELECT … INTO [LOCAL | GLOBAL] {TEMP | TEMPORARY} [TABLE] name, or INTO [UNLOGGED] [TABLE] pg_temp.name
     * (the INTO of INSERT and MERGE in a WITH statement names an existing table).
     */
    private static List<SessionEffect> selectIntoTemporaryTable(List<Token> tokens) {
        for (int i = 0; i < tokens.size(); i++) {
            Token before = i > 0 ? tokens.get(i - 1) : null;
            boolean insertOrMerge = before != null && (before.isKeyword("insert") || before.isKeyword("merge"));
            if (!tokens.get(i).isKeyword("into") || insertOrMerge) {
                continue;
            }
            TokenReader target = new TokenReader(tokens, i + 1);
            if (!target.accept("local")) {
                target.accept("global");
            }
            boolean temporary = target.accept("temp") || target.accept("temporary");
            target.accept("unlogged");
            target.accept("table");
            if (temporary || isTemporarySchema(tokens, target.position())) {
                return pin(PinReason.TEMP_OBJECT);
            }
        }
        return List.of();
    }

    /** {@code pg_temp.} or {@code pg_temp_N.}: a name in this session's temporary schema. */
    private static boolean isTemporarySchema(List<Token> tokens, int index) {
        if (index + 1 >= tokens.size() || !tokens.get(index).isName() || !tokens.get(index + 1).isPunctuation(".")) {
            return false;
        }
        String schema = tokens.get(index).value();
        return schema.equals("pg_temp") || schema.startsWith("pg_temp_");
    }

    /**
     * Calls of session-level advisory lock functions pin wherever they stand; set_config pins unless its
     * is_local argument is literally true, because a call inside a query may run any number of times.
     */
    private static List<SessionEffect> functionCallEffects(List<Token> tokens) {
        boolean advisoryLock = false;
        boolean untrackedSetting = false;
        for (FunctionCalls.FunctionCall call : FunctionCalls.in(tokens)) {
            if (!call.isBuiltin()) {
                continue;
            }
            advisoryLock |= SESSION_ADVISORY_LOCKS.contains(call.name());
            untrackedSetting |= call.name().equals("set_config") && !isLocalSetConfig(tokens, call.openParenthesis());
        }
        List<SessionEffect> effects = new ArrayList<>(2);
        if (advisoryLock) {
            effects.add(new SessionEffect.Pin(PinReason.ADVISORY_LOCK));
        }
        if (untrackedSetting) {
            effects.add(new SessionEffect.Pin(PinReason.UNTRACKED_SET));
        }
        return effects;
    }

    /** set_config(…, …, true): the last argument makes the setting last only until the transaction ends. */
    private static boolean isLocalSetConfig(List<Token> tokens, int open) {
        int close = TokenReader.closingParenthesis(tokens, open);
        return close < tokens.size() && close >= open + 2
                && tokens.get(close - 1).isKeyword("true") && tokens.get(close - 2).isPunctuation(",");
    }

    private static boolean containsKeywords(List<Token> tokens, String... keywords) {
        for (int i = 0; i + keywords.length <= tokens.size(); i++) {
            if (new TokenReader(tokens, i).accept(keywords)) {
                return true;
            }
        }
        return false;
    }

    /** The effect on a named prepared statement, or none when the statement names none (and will fail). */
    private static List<SessionEffect> named(String name, Function<String, SessionEffect> effect) {
        return name == null ? List.of() : List.of(effect.apply(name));
    }

    static List<SessionEffect> pin(PinReason reason) {
        return List.of(new SessionEffect.Pin(reason));
    }
}
