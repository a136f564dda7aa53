package dev.pgrelay.proxy.security;

import dev.pgrelay.protocol.SqlState;
import dev.pgrelay.proxy.PgErrorException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * limits.max_user_clients and limits.max_db_clients: how many clients one user, and one database, may have
 * connected at once (PostgreSQL's per-role and per-database connection limits, 53300). Zero means no limit.
 * Clients are counted even while a limit is off, so a reload that sets one counts those already connected.
 */
public final class ClientLimits {
    private volatile int maxPerUser;
    private volatile int maxPerDatabase;
    private final ConcurrentMap<String, AtomicInteger> perUser = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicInteger> perDatabase = new ConcurrentHashMap<>();

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
        AtomicInteger count = perUser.get(user);
        return count == null ? 0 : count.get();
    }

    private static boolean take(ConcurrentMap<String, AtomicInteger> counts, String name, int max) {
        AtomicInteger count = counts.computeIfAbsent(name, n -> new AtomicInteger());
        while (true) {
            int current = count.get();
            if (max > 0 && current >= max) {
                return false;
            }
            if (count.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    private static void give(ConcurrentMap<String, AtomicInteger> counts, String name) {
        // Entries are kept at zero rather than removed: removal would race with a concurrent take.
        counts.get(name).decrementAndGet();
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
