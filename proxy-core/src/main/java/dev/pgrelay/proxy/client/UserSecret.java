package dev.pgrelay.proxy.client;

import dev.pgrelay.config.UserConfig;
import dev.pgrelay.protocol.auth.Md5Password;
import dev.pgrelay.protocol.auth.ScramSecret;
import java.util.function.Supplier;

/**
 * What one user's password is checked against, and by which methods: a listed user's password from {@code users}
 * (plaintext answers both, a stored secret only its own method), or the secret auth_query returned, which pgrelay
 * also passes on to log in to servers. A method the secret cannot check is left null.
 *
 * @param scram      the SCRAM-SHA-256 secret, derived on first use (4096 PBKDF2 rounds); null if SCRAM cannot be checked
 * @param md5        the md5 secret ("md5" + 32 hex digits); null if md5 cannot be checked
 * @param lookedUp   true for an auth_query secret: pgrelay knows no password, so server logins reuse the client's proof
 */
record UserSecret(Supplier<ScramSecret> scram, String md5, boolean lookedUp) {

    /** A user from {@code users}; one without a password (auth: trust) has a secret that checks nothing. */
    static UserSecret listed(UserConfig user, Credentials credentials) {
        String password = user.password();
        if (password == null) {
            return new UserSecret(null, null, false);
        }
        if (ScramSecret.looksLikeScramSecret(password)) {
            return new UserSecret(() -> credentials.scramSecret(user), null, false);
        }
        if (Md5Password.looksLikeMd5Secret(password)) {
            return new UserSecret(null, password, false);
        }
        return new UserSecret(() -> credentials.scramSecret(user), credentials.md5Secret(user), false);
    }

    /**
     * A secret in pg_authid.rolpassword form, as auth_query returned it. Anything but a SCRAM or md5 secret (a NULL
     * password, a plaintext one from before PostgreSQL 10) checks nothing, and the login fails like a wrong password.
     */
    static UserSecret lookedUp(String rolpassword) {
        if (ScramSecret.looksLikeScramSecret(rolpassword)) {
            ScramSecret secret = ScramSecret.parse(rolpassword);
            return new UserSecret(() -> secret, null, true);
        }
        return new UserSecret(null, Md5Password.looksLikeMd5Secret(rolpassword) ? rolpassword : null, true);
    }

    boolean checksScram() {
        return scram != null;
    }

    boolean checksMd5() {
        return md5 != null;
    }
}
