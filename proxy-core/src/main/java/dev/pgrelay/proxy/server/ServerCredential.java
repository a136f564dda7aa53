package dev.pgrelay.proxy.server;

import dev.pgrelay.protocol.auth.AuthenticationFailedException;
import dev.pgrelay.protocol.auth.Md5Password;
import dev.pgrelay.protocol.auth.ScramClient;
import dev.pgrelay.protocol.auth.ScramSecret;

/**
 * What pgrelay proves itself with when it logs in to a server as a user: the password from {@code users}, or, for
 * a user found through auth_query, what the client's own login left behind — the SCRAM ClientKey recovered from
 * its proof, or the md5 secret. The last two are not the password and so answer only their own method.
 */
public sealed interface ServerCredential {

    /** A password pgrelay knows: answers cleartext, md5 and SCRAM challenges. */
    static ServerCredential password(String password) {
        return new Password(password);
    }

    /** The answer to AuthenticationMD5Password with {@code salt}. */
    String md5Response(String user, byte[] salt) throws AuthenticationFailedException;

    /** The SCRAM exchange to run when the server asks for SCRAM-SHA-256. */
    ScramClient scramClient() throws AuthenticationFailedException;

    /** The answer to AuthenticationCleartextPassword, which only a known password can give. */
    default String cleartext() throws AuthenticationFailedException {
        throw new AuthenticationFailedException("the server asks for a cleartext password, which pgrelay does not "
                + "know for auth_query users");
    }

    /** A password from {@code users}. */
    record Password(String password) implements ServerCredential {
        @Override
        public String md5Response(String user, byte[] salt) {
            return Md5Password.response(user, password, salt);
        }

        @Override
        public ScramClient scramClient() {
            return new ScramClient(password);
        }

        @Override
        public String cleartext() {
            return password;
        }

        @Override
        public String toString() {
            return "Password[*****]";   // STYLE.md 14: never a password in a log
        }
    }

    /** The ClientKey a client proved with, and the secret it belongs to (ScramClient#withClientKey). */
    record ScramKey(byte[] clientKey, ScramSecret secret) implements ServerCredential {
        public ScramKey {
            clientKey = clientKey.clone();
        }

        @Override
        public String md5Response(String user, byte[] salt) throws AuthenticationFailedException {
            throw new AuthenticationFailedException("the server asks for an md5 password, but pgrelay holds only the "
                    + "SCRAM key of this auth_query user's last login");
        }

        @Override
        public ScramClient scramClient() {
            return ScramClient.withClientKey(clientKey, secret);
        }

        @Override
        public String toString() {
            return "ScramKey[*****]";
        }
    }

    /** An md5 secret ("md5" + 32 hex digits), which is all the md5 method needs. */
    record Md5Secret(String secret) implements ServerCredential {
        @Override
        public String md5Response(String user, byte[] salt) {
            return Md5Password.responseFromSecret(secret, salt);
        }

        @Override
        public ScramClient scramClient() throws AuthenticationFailedException {
            throw new AuthenticationFailedException("the server asks for SCRAM, but this auth_query user has an md5 "
                    + "secret, which cannot answer it");
        }

        @Override
        public String toString() {
            return "Md5Secret[*****]";
        }
    }
}
