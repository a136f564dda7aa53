package dev.pgrelay.proxy.security;

import dev.pgrelay.config.AuthMethod;
import dev.pgrelay.config.HbaMethod;
import dev.pgrelay.config.HbaRule;
import dev.pgrelay.config.PgRelayConfig;
import dev.pgrelay.config.UserConfig;
import dev.pgrelay.protocol.SqlState;
import dev.pgrelay.proxy.PgErrorException;
import dev.pgrelay.proxy.admin.AdminConsole;
import java.net.InetAddress;
import java.util.List;

/**
 * Decides how a client must authenticate, pg_hba.conf-style: the first {@code hba} rule matching its user,
 * database and address names the method, {@code reject} or no matching rule refuses it with 28000. Without
 * {@code hba} rules every client may try, with its users[].auth method (SCRAM-SHA-256 for unknown users).
 * The console's other name, {@code pgbouncer}, meets the rules written for {@code pgrelay} as well as its own: an
 * alias must not be a way around them.
 */
public final class AccessRules {
    private final List<HbaRule> rules;

    public AccessRules(List<HbaRule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static AccessRules from(PgRelayConfig config) {
        return new AccessRules(config.hba());
    }

    /**
     * The method this client must authenticate with; throws 28000 when the rules refuse it. Runs before the
     * user is looked up, as PostgreSQL does, so a refusal says nothing about whether the user exists.
     */
    public AuthMethod methodFor(String userName, String database, InetAddress client, UserConfig user) {
        return methodFor(userName, database, client, user == null ? AuthMethod.SCRAM_SHA_256 : user.auth());
    }

    /** Like {@link #methodFor(String, String, InetAddress, UserConfig)}, with the method to use when no rules exist. */
    public AuthMethod methodFor(String userName, String database, InetAddress client, AuthMethod withoutRules) {
        if (rules.isEmpty()) {
            return withoutRules;
        }
        String who = "host \"" + client.getHostAddress() + "\", user \"" + userName + "\", database \""
                + database + "\"";
        boolean console = AdminConsole.isConsoleDatabase(database);
        for (HbaRule rule : rules) {
            if (rule.matches(userName, database, client)
                    || console && rule.matches(userName, AdminConsole.DATABASE, client)) {
                if (rule.method() == HbaMethod.REJECT) {
                    throw PgErrorException.fatal(SqlState.INVALID_AUTHORIZATION,
                            "pgrelay hba rejects connection for " + who);
                }
                return AuthMethod.valueOf(rule.method().name());
            }
        }
        throw PgErrorException.fatal(SqlState.INVALID_AUTHORIZATION,
                "no pgrelay hba entry for " + who);
    }
}
