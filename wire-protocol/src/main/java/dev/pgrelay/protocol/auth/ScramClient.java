package dev.pgrelay.protocol.auth;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.pgrelay.protocol.ProtocolException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * pgrelay logging in to a PostgreSQL server with SCRAM-SHA-256: sends the client-first-message, answers
 * the server-first-message with a proof, and checks the server's signature, which only a server that
 * holds the user's secret can produce. Uses no channel binding (GS2 header "n,,").
 *
 * <p>Every failure, a malformed server message included, is an {@link AuthenticationFailedException}:
 * whatever went wrong, pgrelay could not log in.
 */
public final class ScramClient {
    private enum State { AWAITING_SERVER_FIRST, AWAITING_SERVER_FINAL, SUCCEEDED, FAILED }

    private static final String GS2_HEADER = "n,,";

    /** Turns the salt and iteration count the server sent into ClientKey and ServerKey. */
    @FunctionalInterface
    private interface KeyDerivation {
        Keys derive(byte[] salt, int iterations) throws AuthenticationFailedException;
    }

    private record Keys(byte[] clientKey, byte[] serverKey) {
    }

    private final KeyDerivation keyDerivation;
    private final String clientNonce;
    private final String clientFirstBare;
    private State state = State.AWAITING_SERVER_FIRST;
    private byte[] expectedServerSignature;

    /** Logs in with {@code password} and a fresh random nonce; the user name is left empty as libpq does. */
    public ScramClient(String password) {
        this("", password, ScramFunctions.randomNonce());
    }

    /**
     * Logs in with a chosen user name and nonce, for reproducing test vectors. PostgreSQL ignores the
     * SCRAM user name (the startup packet's counts), which is why {@link #ScramClient(String)} sends "".
     */
    public ScramClient(String username, String password, String clientNonce) {
        this(username, clientNonce, (salt, iterations) -> {
            byte[] saltedPassword = ScramFunctions.saltedPassword(password, salt, iterations);
            return new Keys(ScramFunctions.clientKey(saltedPassword), ScramFunctions.serverKey(saltedPassword));
        });
    }

    private ScramClient(String username, String clientNonce, KeyDerivation keyDerivation) {
        if (!ScramFunctions.isPrintable(clientNonce)) {
            throw new IllegalArgumentException("a SCRAM nonce must be printable ASCII without ','");
        }
        this.keyDerivation = keyDerivation;
        this.clientNonce = clientNonce;
        this.clientFirstBare = "n=" + username.replace("=", "=3D").replace(",", "=2C") + ",r=" + clientNonce;
    }

    /**
     * Logs in without the password, with the ClientKey a {@link ScramServer} recovered from a client's
     * proof. This works only against a server storing exactly {@code secret} (same salt and iterations),
     * since the keys depend on both; the ServerKey to check the server with comes from {@code secret}.
     */
    public static ScramClient withClientKey(byte[] clientKey, ScramSecret secret) {
        if (!MessageDigest.isEqual(ScramFunctions.hash(clientKey), secret.storedKey())) {
            throw new IllegalArgumentException("the ClientKey does not belong to this secret");
        }
        byte[] key = clientKey.clone();
        return new ScramClient("", ScramFunctions.randomNonce(), (salt, iterations) -> {
            if (iterations != secret.iterations() || !Arrays.equals(salt, secret.salt())) {
                throw new AuthenticationFailedException("the server's SCRAM salt or iteration count differs from "
                        + "the secret pgrelay holds for this user, so the client's key cannot be passed on");
            }
            return new Keys(key, secret.serverKey());
        });
    }

    /** The client-first-message for SASLInitialResponse: "n,,n=user,r=nonce". */
    public byte[] clientFirstMessage() {
        return (GS2_HEADER + clientFirstBare).getBytes(UTF_8);
    }

    /** Answers the server-first-message (AuthenticationSASLContinue data) with the client-final-message. */
    public byte[] handleServerFirst(byte[] serverFirstMessage) throws AuthenticationFailedException {
        enter(State.AWAITING_SERVER_FIRST);
        String serverFirst = new String(serverFirstMessage, UTF_8);
        ScramAttributes attributes = new ScramAttributes(serverFirst, 0);
        String nonce;
        byte[] salt;
        int iterations;
        try {
            if (attributes.isNext('m')) {
                throw ScramAttributes.malformed("server requires an unsupported SCRAM extension");
            }
            nonce = attributes.read('r');
            salt = attributes.readBase64('s');
            iterations = parseIterations(attributes.read('i'));
            attributes.skipRemainingExtensions();
        } catch (ProtocolException e) {
            throw new AuthenticationFailedException("invalid server-first-message: " + e.getMessage());
        }
        if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()
                || !ScramFunctions.isPrintable(nonce) || salt.length == 0) {
            throw new AuthenticationFailedException("invalid server-first-message: bad nonce or empty salt");
        }
        Keys keys = keyDerivation.derive(salt, iterations);
        String clientFinalWithoutProof = "c=" + ScramFunctions.base64(GS2_HEADER.getBytes(UTF_8)) + ",r=" + nonce;
        String authMessage = clientFirstBare + "," + serverFirst + "," + clientFinalWithoutProof;
        byte[] clientSignature = ScramFunctions.hmac(ScramFunctions.hash(keys.clientKey()), authMessage);
        byte[] proof = ScramFunctions.xor(keys.clientKey(), clientSignature);
        expectedServerSignature = ScramFunctions.hmac(keys.serverKey(), authMessage);
        state = State.AWAITING_SERVER_FINAL;
        return (clientFinalWithoutProof + ",p=" + ScramFunctions.base64(proof)).getBytes(UTF_8);
    }

    /**
     * Checks the server-final-message (AuthenticationSASLFinal data): "v=" must carry the signature
     * only the secret's holder can compute; "e=" is the server refusing us.
     */
    public void verifyServerFinal(byte[] serverFinalMessage) throws AuthenticationFailedException {
        enter(State.AWAITING_SERVER_FINAL);
        ScramAttributes attributes = new ScramAttributes(new String(serverFinalMessage, UTF_8), 0);
        byte[] signature;
        try {
            if (attributes.isNext('e')) {
                String error = attributes.read('e');
                throw new AuthenticationFailedException("server rejected SCRAM authentication: " + error);
            }
            signature = attributes.readBase64('v');
            attributes.skipRemainingExtensions();
        } catch (ProtocolException e) {
            throw new AuthenticationFailedException("invalid server-final-message: " + e.getMessage());
        }
        if (!MessageDigest.isEqual(signature, expectedServerSignature)) {
            throw new AuthenticationFailedException("the server's SCRAM signature is wrong: it does not hold the "
                    + "user's secret");
        }
        state = State.SUCCEEDED;
    }

    private static int parseIterations(String value) {
        try {
            int iterations = Integer.parseInt(value);
            if (iterations > 0) {
                return iterations;
            }
        } catch (NumberFormatException e) {
            // reported below, like a non-positive count
        }
        throw ScramAttributes.malformed("invalid iteration count \"" + value + "\"");
    }

    /** Checks the step is the expected one; until it completes, the exchange counts as failed. */
    private void enter(State expected) {
        if (state != expected) {
            throw new IllegalStateException("SCRAM exchange is " + state + ", not " + expected);
        }
        state = State.FAILED;
    }
}
