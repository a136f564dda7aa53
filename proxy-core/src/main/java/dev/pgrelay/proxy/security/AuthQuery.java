package dev.pgrelay.proxy.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pgrelay.config.AuthQueryConfig;
import dev.pgrelay.protocol.SqlState;
import dev.pgrelay.protocol.backend.ErrorResponse;
import dev.pgrelay.proxy.PgErrorException;
import dev.pgrelay.proxy.Router;
import dev.pgrelay.proxy.server.InternalQuery;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * auth_query: reads the secret of a user pgrelay does not list, on the current primary (the one place a password
 * change is sure to be visible; replicas catch up later) as the auth user, through that user's pool. A secret is
 * reused for auth_query.cache, and clients of the same user logging in together share one lookup, so a login storm
 * costs one query. Failed lookups are not kept: the next login tries again.
 */
public final class AuthQuery {
    private static final Logger log = LoggerFactory.getLogger(AuthQuery.class);
    /** Bounds the memory a flood of made-up user names can take; each entry is a name and a secret. */
    private static final int MAX_CACHED_USERS = 10_000;

    private final AuthQueryConfig settings;
    private final Router router;
    /** (user, database the query runs in) to the lookup's outcome: the secret, or empty for no such user. */
    private final Cache<List<String>, Future<Optional<String>>> secrets;

    public AuthQuery(AuthQueryConfig settings, Router router) {
        this.settings = settings;
        this.router = router;
        this.secrets = Caffeine.newBuilder().expireAfterWrite(settings.cache()).maximumSize(MAX_CACHED_USERS).build();
    }

    /**
     * The secret (pg_authid.rolpassword form) of {@code userName}, empty when the query finds no row or a NULL
     * secret; listeners run on {@code loop}. Fails with a FATAL error the client can be shown when the lookup
     * cannot be made: 08006 when no primary could be reached, 28000 for anything else (the auth user's password,
     * a failing query). It never says whether the user exists.
     */
    public Future<Optional<String>> secretOf(String userName, String clientDatabase, EventLoop loop) {
        String database = settings.database().orElse(clientDatabase);
        List<String> key = List.of(userName, database);
        Promise<Optional<String>> fresh = loop.newPromise();
        Future<Optional<String>> lookup = secrets.get(key, k -> fresh);
        if (lookup == fresh) {
            fresh.addListener(done -> {
                if (!done.isSuccess()) {
                    secrets.asMap().remove(key, fresh);
                }
            });
            lookUp(userName, database, loop, fresh);
        }
        Promise<Optional<String>> result = loop.newPromise();
        lookup.addListener((Future<Optional<String>> done) -> {
            if (done.isSuccess()) {
                result.trySuccess(done.getNow());
            } else {
                result.tryFailure(done.cause());
            }
        });
        return result;
    }

    private void lookUp(String userName, String database, EventLoop loop, Promise<Optional<String>> result) {
        router.leasePrimary(settings.user(), database, loop).addListener((Future<Router.Lease> leased) -> {
            if (!leased.isSuccess()) {
                result.tryFailure(lookupFailed(userName, leased.cause()));
                return;
            }
            Router.Lease lease = leased.getNow();
            InternalQuery.runWithParameters(lease.server(), settings.query(), List.of(userName), loop)
                    .addListener((Future<List<List<String>>> answered) -> {
                        lease.pool().release(lease.server());   // closed instead, unless the query left it clean
                        if (!answered.isSuccess()) {
                            result.tryFailure(lookupFailed(userName, answered.cause()));
                            return;
                        }
                        try {
                            result.trySuccess(secretIn(answered.getNow()));
                        } catch (IllegalStateException e) {
                            result.tryFailure(lookupFailed(userName, e));
                        }
                    });
        });
    }

    /** PgBouncer's contract: at most one row, whose second column is the secret. */
    private static Optional<String> secretIn(List<List<String>> rows) {
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        if (rows.size() > 1 || rows.get(0).size() < 2) {
            throw new IllegalStateException("auth_query.query must return at most one row of (user name, secret), got "
                    + rows.size() + " rows of " + rows.get(0).size() + " columns");
        }
        return Optional.ofNullable(rows.get(0).get(1));
    }

    private PgErrorException lookupFailed(String userName, Throwable cause) {
        ErrorResponse why = PgErrorException.toClientError(cause, "lookup failed");
        String sqlState = why.sqlState() != null && (why.sqlState().startsWith("08") || why.sqlState().startsWith("57P"))
                ? SqlState.CONNECTION_FAILURE : SqlState.INVALID_AUTHORIZATION;
        String message = "pgrelay could not look up the password of user \"" + userName + "\" with auth_query (as \""
                + settings.user().name() + "\"): " + why.message();
        log.warn(message);
        return PgErrorException.fatal(sqlState, message, "Check auth_query in the pgrelay config and the auth user's "
                + "rights on the primary.");
    }
}
