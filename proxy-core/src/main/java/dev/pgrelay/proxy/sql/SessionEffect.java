package dev.pgrelay.proxy.sql;

/**
 * What a statement does to the session state of its server connection when it succeeds — the state transaction
 * pooling must replay on the next connection ({@link SetSession}, {@link Reset}, …) or keep by pinning the client
 * to its connection ({@link Pin}).
 */
public sealed interface SessionEffect {

    /**
     * A session-level setting: {@code SELECT set_config(name, rawValue, false)} produces the same setting.
     * The name is lower case unless it was quoted.
     */
    record SetSession(String name, String rawValue) implements SessionEffect {
    }

    /** The setting returns to its session default (RESET name, SET name TO DEFAULT). */
    record Reset(String name) implements SessionEffect {
    }

    /** RESET ALL. */
    record ResetAll() implements SessionEffect {
    }

    /** DISCARD ALL: the session returns to its initial state. */
    record DiscardAll() implements SessionEffect {
    }

    /** DEALLOCATE [PREPARE] ALL. */
    record DeallocateAll() implements SessionEffect {
    }

    /** DEALLOCATE [PREPARE] name. */
    record Deallocate(String name) implements SessionEffect {
    }

    /** SQL-level PREPARE name (always together with {@code Pin(SQL_PREPARE)}). */
    record Prepare(String name) implements SessionEffect {
    }

    /** SQL-level EXECUTE name: runs a statement prepared on this connection. */
    record Execute(String name) implements SessionEffect {
    }

    /** State pgrelay cannot carry across connections: the client must keep this server connection. */
    record Pin(PinReason reason) implements SessionEffect {
    }
}
