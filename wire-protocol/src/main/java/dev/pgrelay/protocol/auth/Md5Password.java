package dev.pgrelay.protocol.auth;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * PostgreSQL's md5 password method: the stored secret is "md5" + md5(password + user), and the client
 * proves it knows that secret with "md5" + md5(hex part of the secret + 4-byte salt).
 */
public final class Md5Password {
    private static final String PREFIX = "md5";
    private static final int SECRET_LENGTH = PREFIX.length() + 32;
    private static final HexFormat HEX = HexFormat.of();

    private Md5Password() {
    }

    /** The secret PostgreSQL stores in pg_authid.rolpassword for {@code user} with password_encryption=md5. */
    public static String storedSecret(String user, String password) {
        return PREFIX + md5Hex(password.getBytes(UTF_8), user.getBytes(UTF_8));
    }

    /** What a client sends in its PasswordMessage when asked for an md5 password with {@code salt}. */
    public static String response(String user, String password, byte[] salt) {
        return responseFromSecret(storedSecret(user, password), salt);
    }

    /** The response computed from the stored secret alone, which is all the md5 method needs. */
    public static String responseFromSecret(String storedSecret, byte[] salt) {
        if (!looksLikeMd5Secret(storedSecret)) {
            throw new IllegalArgumentException("not an md5 secret (expected \"md5\" followed by 32 hex digits)");
        }
        return PREFIX + md5Hex(storedSecret.substring(PREFIX.length()).getBytes(US_ASCII), salt);
    }

    /** Whether {@code clientResponse} proves the secret, compared in constant time. */
    public static boolean verify(String storedSecret, byte[] salt, String clientResponse) {
        byte[] expected = responseFromSecret(storedSecret, salt).getBytes(US_ASCII);
        return MessageDigest.isEqual(expected, clientResponse.getBytes(UTF_8));
    }

    /** Whether {@code s} has the form of a stored md5 secret, as PostgreSQL decides it. */
    public static boolean looksLikeMd5Secret(String s) {
        return s != null && s.length() == SECRET_LENGTH && s.startsWith(PREFIX)
                && s.substring(PREFIX.length()).chars().allMatch(HexFormat::isHexDigit);
    }

    private static String md5Hex(byte[] first, byte[] second) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(first);
            md5.update(second);
            return HEX.formatHex(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides MD5", e);
        }
    }
}
