package dev.pgrelay.proxy.admin;

import io.netty.channel.Channel;

/**
 * The PgBouncer-style admin console behind the virtual database {@code pgrelay}: takes over a client connection
 * once the client has authenticated as one of admin_users.
 */
public interface AdminConsole {
    /** The console's virtual database (ARCHITECTURE.md). */
    String DATABASE = "pgrelay";
    /** PgBouncer's name for its console, which its exporters and scripts connect to: the same console here. */
    String PGBOUNCER_DATABASE = "pgbouncer";

    /** Whether a client asking for {@code database} gets the admin console rather than a server. */
    static boolean isConsoleDatabase(String database) {
        return DATABASE.equals(database) || PGBOUNCER_DATABASE.equals(database);
    }

    /**
     * Serves {@code channel} from now on: sends the login's ParameterStatus, BackendKeyData and ReadyForQuery,
     * then answers SHOW/PAUSE/RESUME/… commands. Called on the channel's EventLoop, with the channel's pipeline
     * holding the client session handler named "session": the console puts its handler in front of it, consumes
     * every frame, and passes the close on, so the session still gives back the client's slot.
     */
    void serve(Channel channel, String userName);
}
