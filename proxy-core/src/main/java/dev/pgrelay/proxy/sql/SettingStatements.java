package dev.pgrelay.proxy.sql;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Reads SET and RESET statements (gram.y VariableSetStmt and VariableResetStmt) into session effects. */
final class SettingStatements {
    /** Settings that live for the current transaction only: assigning or resetting them leaves nothing behind. */
    private static final Set<String> TRANSACTION_SCOPED = Set.of(
            "transaction_isolation", "transaction_read_only", "transaction_deferrable");
    /** Settings that change who the session acts as. */
    private static final Set<String> ROLE_SETTINGS = Set.of("role", "session_authorization");

    private static final List<SessionEffect> UNTRACKED = SessionEffects.pin(PinReason.UNTRACKED_SET);
    private static final List<SessionEffect> AUTHORIZATION = SessionEffects.pin(PinReason.SESSION_AUTHORIZATION);

    private SettingStatements() {
    }

    /** The effect of {@code SET …}, read from just after the SET keyword. */
    static List<SessionEffect> set(TokenReader reader) {
        if (reader.accept("local")) {
            return List.of();
        }
        if (reader.peekKeyword("session") && !reader.peekKeyword(1, "authorization")
                && !reader.peekKeyword(1, "characteristics")) {
            reader.next(); // SET SESSION x: the default scope
        }
        if (reader.accept("session", "authorization") || reader.accept("role")) {
            return AUTHORIZATION;
        }
        if (reader.accept("session", "characteristics")) {
            return UNTRACKED;
        }
        boolean constraints = reader.peekKeyword("constraints") && !isAssignment(reader.peek(1));
        if (reader.accept("transaction") || constraints) {
            return List.of(); // SET TRANSACTION …, SET TRANSACTION SNAPSHOT …, SET CONSTRAINTS …: this transaction only
        }
        if (reader.accept("time", "zone")) {
            return timeZone(reader);
        }
        if (reader.peekKeyword("schema") && reader.peek(1) != null && reader.peek(1).kind() == TokenKind.STRING) {
            reader.next();
            return assign("search_path", reader);
        }
        if (reader.peekKeyword("names") && !isAssignment(reader.peek(1))) {
            reader.next();
            boolean defaultEncoding = reader.atEnd() || reader.accept("default");
            return defaultEncoding ? resetSetting("client_encoding") : assign("client_encoding", reader);
        }
        if (reader.accept("xml", "option")) {
            return assign("xmloption", reader);
        }
        return genericSet(reader);
    }

    /** The effect of {@code RESET …}, read from just after the RESET keyword. */
    static List<SessionEffect> reset(TokenReader reader) {
        if (reader.accept("all")) {
            return List.of(new SessionEffect.ResetAll());
        }
        if (reader.accept("time", "zone")) {
            return resetSetting("timezone");
        }
        if (reader.accept("session", "authorization")) {
            return AUTHORIZATION;
        }
        if (reader.accept("transaction", "isolation", "level")) {
            return List.of();
        }
        String name = settingName(reader);
        return name == null ? List.of() : resetEffect(name);
    }

    /** {@code SET name {TO | =} {value [, …] | DEFAULT}} and {@code SET name FROM CURRENT}. */
    private static List<SessionEffect> genericSet(TokenReader reader) {
        String name = settingName(reader);
        if (name == null) {
            return UNTRACKED;
        }
        String lowerCaseName = name.toLowerCase(Locale.ROOT);
        if (ROLE_SETTINGS.contains(lowerCaseName)) {
            return AUTHORIZATION;
        }
        if (!isAssignment(reader.peek())) {
            return UNTRACKED; // FROM CURRENT: the value in force now, which may be a SET LOCAL one
        }
        reader.next();
        if (TRANSACTION_SCOPED.contains(lowerCaseName)) {
            return List.of();
        }
        if (reader.peekKeyword("default") && reader.peek(1) == null) {
            return resetSetting(name);
        }
        return assign(name, reader);
    }

    /** {@code SET TIME ZONE {value | LOCAL | DEFAULT}}; an INTERVAL value is left to the server. */
    private static List<SessionEffect> timeZone(TokenReader reader) {
        boolean defaultZone = reader.peekKeyword("local") || reader.peekKeyword("default");
        if (defaultZone && reader.peek(1) == null) {
            return resetSetting("timezone");
        }
        return reader.peekKeyword("interval") ? UNTRACKED : assign("timezone", reader);
    }

    private static List<SessionEffect> assign(String name, TokenReader reader) {
        String rawValue = SettingValue.flatten(name, reader.rest());
        return rawValue == null ? UNTRACKED : List.of(new SessionEffect.SetSession(name, rawValue));
    }

    private static List<SessionEffect> resetEffect(String name) {
        String lowerCaseName = name.toLowerCase(Locale.ROOT);
        if (ROLE_SETTINGS.contains(lowerCaseName)) {
            return AUTHORIZATION;
        }
        return TRANSACTION_SCOPED.contains(lowerCaseName) ? List.of() : resetSetting(name);
    }

    private static List<SessionEffect> resetSetting(String name) {
        return List.of(new SessionEffect.Reset(name));
    }

    /** {@code name[.name…]}: a setting's name, lower case unless quoted; null when there is none. */
    private static String settingName(TokenReader reader) {
        String first = reader.acceptName();
        if (first == null) {
            return null;
        }
        StringBuilder name = new StringBuilder(first);
        while (reader.peek(1) != null && reader.peek(1).isName() && reader.acceptPunctuation(".")) {
            name.append('.').append(reader.acceptName());
        }
        return name.toString();
    }

    private static boolean isAssignment(Token token) {
        return token != null && (token.isKeyword("to") || token.isOperator("="));
    }
}
