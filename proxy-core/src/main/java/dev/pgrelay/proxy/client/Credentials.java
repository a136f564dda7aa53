package dev.pgrelay.proxy.client;

import dev.pgrelay.config.UserConfig;
import dev.pgrelay.protocol.auth.Md5Password;
import dev.pgrelay.protocol.auth.ScramSecret;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The secrets pgrelay verifies clients against, derived once per user: deriving a SCRAM secret costs 4096
 * PBKDF2 rounds, which must not be paid on every login.
 */
public final class Credentials {
    private final ConcurrentMap<String, ScramSecret> scramSecrets = new ConcurrentHashMap<>();

    public ScramSecret scramSecret(UserConfig user) {
        return scramSecrets.computeIfAbsent(user.name(), name -> ScramSecret.looksLikeScramSecret(user.password())
                ? ScramSecret.parse(user.password())
                : ScramSecret.fromPassword(user.password()));
    }

    /** A reload may change passwords: secrets are derived again from the reloaded users on their next login. */
    public void forgetAll() {
        scramSecrets.clear();
    }

    public String md5Secret(UserConfig user) {
        String password = user.password();
        return password.startsWith("md5") && password.length() == 35 ? password
                : Md5Password.storedSecret(user.name(), password);
    }
}
