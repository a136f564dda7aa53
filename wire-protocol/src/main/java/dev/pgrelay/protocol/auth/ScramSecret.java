package dev.pgrelay.protocol.auth;

import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a server keeps to check SCRAM-SHA-256 logins without knowing the password: iteration count,
 * salt, StoredKey = H(ClientKey) and ServerKey (RFC 5802 §3). Its text form is PostgreSQL's
 * pg_authid.rolpassword format, so secrets can be copied between pgrelay and PostgreSQL.
 */
public final class ScramSecret {
    /** PostgreSQL's default scram_iterations. */
    public static final int DEFAULT_ITERATIONS = 4096;
    /** PostgreSQL's SCRAM_DEFAULT_SALT_LEN. */
    public static final int DEFAULT_SALT_LENGTH = 16;
    private static final Pattern FORMAT =
            Pattern.compile("SCRAM-SHA-256\\$(\\d{1,10}):([A-Za-z0-9+/=]+)\\$([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+)");

    private final int iterations;
    private final byte[] salt;
    private final byte[] storedKey;
    private final byte[] serverKey;

    public ScramSecret(int iterations, byte[] salt, byte[] storedKey, byte[] serverKey) {
        if (iterations < 1) {
            throw new IllegalArgumentException("SCRAM iteration count must be positive, was " + iterations);
        }
        if (salt.length == 0) {
            throw new IllegalArgumentException("SCRAM salt must not be empty");
        }
        if (storedKey.length != ScramFunctions.KEY_LENGTH || serverKey.length != ScramFunctions.KEY_LENGTH) {
            throw new IllegalArgumentException("SCRAM-SHA-256 keys are " + ScramFunctions.KEY_LENGTH + " bytes");
        }
        this.iterations = iterations;
        this.salt = salt.clone();
        this.storedKey = storedKey.clone();
        this.serverKey = serverKey.clone();
    }

    /** The secret for {@code password} with the given salt and iteration count, as PostgreSQL computes it. */
    public static ScramSecret fromPassword(String password, byte[] salt, int iterations) {
        return fromSaltedPassword(ScramFunctions.saltedPassword(password, salt, iterations), salt, iterations);
    }

    /** The secret for {@code password} with a fresh random salt and PostgreSQL's default iterations. */
    public static ScramSecret fromPassword(String password) {
        return fromPassword(password, ScramFunctions.randomBytes(DEFAULT_SALT_LENGTH), DEFAULT_ITERATIONS);
    }

    static ScramSecret fromSaltedPassword(byte[] saltedPassword, byte[] salt, int iterations) {
        return new ScramSecret(iterations, salt, ScramFunctions.hash(ScramFunctions.clientKey(saltedPassword)),
                ScramFunctions.serverKey(saltedPassword));
    }

    /**
     * Parses PostgreSQL's "SCRAM-SHA-256$iterations:salt$StoredKey:ServerKey" (base64 parts).
     *
     * @throws IllegalArgumentException if {@code s} is not such a secret (the message does not repeat it)
     */
    public static ScramSecret parse(String s) {
        Matcher matcher = FORMAT.matcher(s);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(
                    "not a SCRAM-SHA-256 secret (expected SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>)");
        }
        Base64.Decoder base64 = Base64.getDecoder();
        long iterations = Long.parseLong(matcher.group(1));
        if (iterations > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("SCRAM iteration count is too large: " + iterations);
        }
        return new ScramSecret((int) iterations, base64.decode(matcher.group(2)), base64.decode(matcher.group(3)),
                base64.decode(matcher.group(4)));
    }

    /** Whether {@code s} is a SCRAM-SHA-256 secret that {@link #parse} accepts. */
    public static boolean looksLikeScramSecret(String s) {
        if (s == null) {
            return false;
        }
        try {
            parse(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public int iterations() {
        return iterations;
    }

    /** A copy of the salt. */
    public byte[] salt() {
        return salt.clone();
    }

    /** A copy of StoredKey = H(ClientKey). */
    public byte[] storedKey() {
        return storedKey.clone();
    }

    /** A copy of ServerKey = HMAC(SaltedPassword, "Server Key"). */
    public byte[] serverKey() {
        return serverKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScramSecret other && iterations == other.iterations && Arrays.equals(salt, other.salt)
                && Arrays.equals(storedKey, other.storedKey) && Arrays.equals(serverKey, other.serverKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(storedKey);
    }

    /** PostgreSQL's text form, as stored in pg_authid.rolpassword. */
    @Override
    public String toString() {
        return "SCRAM-SHA-256$" + iterations + ":" + ScramFunctions.base64(salt) + "$"
                + ScramFunctions.base64(storedKey) + ":" + ScramFunctions.base64(serverKey);
    }
}
