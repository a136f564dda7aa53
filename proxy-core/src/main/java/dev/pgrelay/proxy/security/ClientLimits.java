package dev.pgrelay.proxy.security;

import dev.pgrelay.protocol.SqlState;
import dev.pgrelay.proxy.PgErrorException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * limits.max_user_clients and limits.max_db_clients: how many clients one user, and one database, may have
 * connected at once (PostgreSQL's per-role and per-database connection limits, 53300). Zero means no limit.
 * Clients are counted even while a limit is off, so a reload that sets one counts those already connected.
 * A name is counted only while it has clients: names made up by clients leave nothing behind.
 */
public final class ClientLimits {
    private volatile int maxPerUser;
    private volatile int maxPerDatabase;
    private final ConcurrentMap<String, Integer> perUser = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Integer> perDatabase = new ConcurrentHashMap<>();

    public ClientLimits(int maxPerUser, int maxPerDatabase) {
        this.maxPerUser = maxPerUser;
        this.maxPerDatabase = maxPerDatabase;
    }

    /** A reload: later logins meet these limits; clients connected beyond a lowered limit stay. */
    public void limit(int maxPerUser, int maxPerDatabase) {
        this.maxPerUser = maxPerUser;
        this.maxPerDatabase = maxPerDatabase;
    }

    /**
     * Takes one slot for the user and one for the database, or none: throws 53300 with PostgreSQL's wording
     * when either is full. The returned slot must be given back exactly once, when the client leaves.
     */
    public Slot admit(String user, String database) {
        if (!take(perUser, user, maxPerUser)) {
            throw PgErrorException.fatal(SqlState.TOO_MANY_CONNECTIONS,
                    "too many connections for role \"" + user + "\"");
        }
        if (!take(perDatabase, database, maxPerDatabase)) {
            give(perUser, user);
            throw PgErrorException.fatal(SqlState.TOO_MANY_CONNECTIONS,
                    "too many connections for database \"" + database + "\"");
        }
        return new Slot(user, database);
    }

    /** Clients of {@code user} connected now. */
    public int clientsOfUser(String user) {
        return perUser.getOrDefault(user, 0);
    }

    /** Once per login: compute() updates a name's count atomically, and removes it at zero without a race. */
    private static boolean take(ConcurrentMap<String, Integer> counts, String name, int max) {
        AtomicBoolean taken = new AtomicBoolean();
        counts.compute(name, (n, count) -> {
            int current = count == null ? 0 : count;
            if (max > 0 && current >= max) {
                return count;
            }
            taken.set(true);
            return current + 1;
        });
        return taken.get();
    }

    private static void give(ConcurrentMap<String, Integer> counts, String name) {
        counts.computeIfPresent(name, (n, count) -> count == 1 ? null : count - 1);
    }

    /** How many user and database names are counted now (those with connected clients), for tests. */
    int countedNames() {
        return perUser.size() + perDatabase.size();
    }

    /** One admitted client's hold on its user's and database's limits. */
    public final class Slot {
        private final String user;
        private final String database;
        private boolean released;

        private Slot(String user, String database) {
            this.user = user;
            this.database = database;
        }

        public synchronized void release() {
            if (!released) {
                released = true;
                give(perUser, user);
                give(perDatabase, database);
            }
        }
    }
}
