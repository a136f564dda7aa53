package dev.pgrelay.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The {@code auth_query} section, PgBouncer's auth_user / auth_query / auth_dbname: a client whose user is not in
 * {@code users} is checked against the secret (SCRAM or md5, as in pg_authid.rolpassword) that {@code query}
 * returns for it, read on the primary as {@code user}. pgrelay never learns such a user's password.
 *
 * @param user     the auth user; its password comes from {@code users} when it is listed there
 * @param query    takes the user name as {@code $1} and returns one row (name, secret)
 * @param database where the query runs; empty means the database the client asked for (as PgBouncer does)
 * @param cache    how long a looked-up secret is reused before it is read again; zero reads it on every login
 */
public record AuthQueryConfig(UserConfig user, String query, Optional<String> database, Duration cache) {
    static final List<String> KEYS = List.of("user", "password", "query", "database", "cache");
    /** PgBouncer's default auth_query; pg_shadow is readable by superusers only (README shows a non-superuser setup). */
    public static final String DEFAULT_QUERY = "SELECT usename, passwd FROM pg_catalog.pg_shadow WHERE usename = $1";
    public static final Duration DEFAULT_CACHE = Duration.ofSeconds(10);

    public AuthQueryConfig {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(cache, "cache");
    }

    static AuthQueryConfig read(YamlSection section, List<UserConfig> users) {
        String name = section.require("user", Scalars::nonEmpty);
        Optional<String> password = section.optional("password", Scalars::nonEmpty);
        Optional<UserConfig> listed = users.stream().filter(user -> user.name().equals(name)).findFirst();
        if (listed.isPresent() && password.isPresent()) {
            throw section.error("password", "user '" + name + "' is in users, whose password pgrelay uses; "
                    + "leave auth_query.password out");
        }
        UserConfig user = listed.orElseGet(() -> new UserConfig(name, password.orElse(null),
                password.isPresent() ? UserConfig.DEFAULT_AUTH : AuthMethod.TRUST, OptionalInt.empty()));
        return new AuthQueryConfig(user,
                section.get("query", DEFAULT_QUERY, AuthQueryConfig::parseQuery),
                section.optional("database", Scalars::nonEmpty),
                section.duration("cache", DEFAULT_CACHE));
    }

    private static String parseQuery(String text) {
        if (!text.contains("$1")) {
            throw new IllegalArgumentException("the query must take the user name as $1, e.g. " + DEFAULT_QUERY);
        }
        return text;
    }

    Map<String, Object> printable(List<UserConfig> users) {
        boolean listed = users.contains(user);
        return ConfigPrinter.ordered("user", user.name(),
                "password", listed || user.password() == null ? null : UserConfig.HIDDEN_PASSWORD,
                "query", query, "database", ConfigPrinter.orNull(database), "cache", Durations.format(cache));
    }
}
