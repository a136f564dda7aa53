package dev.pgrelay.proxy.client;

import dev.pgrelay.proxy.sql.SessionEffect;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The named prepared statements a client believes it has (protocol-level Parse), remembered by pgrelay so that
 * each can be prepared again on whichever server connection serves the client's next transaction.
 */
final class ClientStatements {

    /**
     * One statement as the client defined it. {@code definition} is the Parse body after the statement name (query
     * text and parameter types), exactly as sent; it doubles as the content key shared across clients.
     * {@code effects} is what executing it does to session state.
     */
    record Statement(String content, byte[] definition, List<SessionEffect> effects) {
        String query() {
            int end = 0;
            while (end < definition.length && definition[end] != 0) {
                end++;
            }
            return new String(definition, 0, end, StandardCharsets.UTF_8);
        }
    }

    private final Map<String, Statement> byName = new HashMap<>();

    Statement define(String name, byte[] definition, List<SessionEffect> effects) {
        Statement statement = new Statement(new String(definition, StandardCharsets.ISO_8859_1), definition,
                effects);
        byName.put(name, statement);
        return statement;
    }

    Statement get(String name) {
        return byName.get(name);
    }

    void remove(String name) {
        byName.remove(name);
    }

    /** DISCARD ALL or DEALLOCATE ALL from the client: its view is empty again. */
    void clear() {
        byName.clear();
    }

    int size() {
        return byName.size();
    }
}
