package dev.pgrelay.protocol.auth;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.pgrelay.protocol.ProtocolException;
import dev.pgrelay.protocol.SqlState;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * pgrelay's side of one SCRAM-SHA-256 exchange with a client, as PostgreSQL runs it: the user name in
 * the client-first-message is ignored (the startup packet's counts) and channel binding is not
 * offered, so GS2 headers "n,," and "y,," are accepted and "p=..." is refused.
 *
 * <p>Failures to prove the password throw {@link AuthenticationFailedException}; malformed messages
 * throw {@link ProtocolException} with PostgreSQL's SQLSTATE (08P01, or 0A000 for unsupported features).
 */
public final class ScramServer {
    private enum State { AWAITING_CLIENT_FIRST, AWAITING_CLIENT_FINAL, SUCCEEDED, FAILED }

    /** The GS2 headers of a client without channel binding; "y" says it could bind but we did not offer. */
    private static final String[] SUPPORTED_GS2_HEADERS = {"n,,", "y,,"};

    /** Keys the salts of unknown users: stable within this process, unpredictable outside it. */
    private static final byte[] MOCK_SALT_KEY = ScramFunctions.randomBytes(ScramFunctions.KEY_LENGTH);

    private final ScramSecret secret;
    private final String serverNonce;
    private final boolean userExists;
    private State state = State.AWAITING_CLIENT_FIRST;
    private String gs2Header;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;
    private byte[] clientKey;

    /** An exchange for a user with this secret and a fresh random server nonce. */
    public ScramServer(ScramSecret secret) {
        this(secret, ScramFunctions.randomNonce());
    }

    /** An exchange with a chosen server nonce, for reproducing test vectors. */
    public ScramServer(ScramSecret secret, String serverNonce) {
        this(secret, serverNonce, true);
    }

    private ScramServer(ScramSecret secret, String serverNonce, boolean userExists) {
        if (!ScramFunctions.isPrintable(serverNonce)) {
            throw new IllegalArgumentException("a SCRAM nonce must be printable ASCII without ','");
        }
        this.secret = secret;
        this.serverNonce = serverNonce;
        this.userExists = userExists;
    }

    /**
     * An exchange that looks like any other but always fails, so a client cannot tell an unknown user
     * from a wrong password. Its salt is new each time; prefer {@link #forUnknownUser(String)}, whose
     * salt stays the same across attempts as a real user's does.
     */
    public static ScramServer forUnknownUser() {
        return forUnknownUser(ScramFunctions.randomBytes(ScramSecret.DEFAULT_SALT_LENGTH));
    }

    /** Like {@link #forUnknownUser()}, with a salt derived from the user name so that it never changes. */
    public static ScramServer forUnknownUser(String user) {
        byte[] salt = Arrays.copyOf(ScramFunctions.hmac(MOCK_SALT_KEY, user), ScramSecret.DEFAULT_SALT_LENGTH);
        return forUnknownUser(salt);
    }

    private static ScramServer forUnknownUser(byte[] salt) {
        ScramSecret unmatchable = new ScramSecret(ScramSecret.DEFAULT_ITERATIONS, salt,
                ScramFunctions.randomBytes(ScramFunctions.KEY_LENGTH),
                ScramFunctions.randomBytes(ScramFunctions.KEY_LENGTH));
        return new ScramServer(unmatchable, ScramFunctions.randomNonce(), false);
    }

    /**
     * Reads the client-first-message (SASLInitialResponse data); returns the server-first-message for
     * AuthenticationSASLContinue.
     *
     * @throws AuthenticationFailedException never at this step today, since nothing is proven yet; declared
     *     so that both steps of the exchange are handled alike
     */
    public byte[] handleClientFirst(byte[] clientFirstMessage) throws AuthenticationFailedException {
        enter(State.AWAITING_CLIENT_FIRST);
        String message = new String(clientFirstMessage, UTF_8);
        gs2Header = readGs2Header(message);
        ScramAttributes attributes = new ScramAttributes(message, gs2Header.length());
        if (attributes.isNext('m')) {
            throw new ProtocolException(SqlState.FEATURE_NOT_SUPPORTED,
                    "client requires an unsupported SCRAM extension");
        }
        attributes.read('n'); // ignored, as by PostgreSQL: the user is the one named in the startup packet
        String clientNonce = attributes.read('r');
        if (!ScramFunctions.isPrintable(clientNonce)) {
            throw ScramAttributes.malformed("the client nonce contains invalid characters");
        }
        attributes.skipRemainingExtensions();
        clientFirstBare = message.substring(gs2Header.length());
        nonce = clientNonce + serverNonce;
        serverFirst = "r=" + nonce + ",s=" + ScramFunctions.base64(secret.salt()) + ",i=" + secret.iterations();
        state = State.AWAITING_CLIENT_FINAL;
        return serverFirst.getBytes(UTF_8);
    }

    /**
     * Reads the client-final-message (SASLResponse data) and checks its proof; returns the
     * server-final-message "v=ServerSignature" to send in AuthenticationSASLFinal.
     */
    public byte[] handleClientFinal(byte[] clientFinalMessage) throws AuthenticationFailedException {
        enter(State.AWAITING_CLIENT_FINAL);
        String message = new String(clientFinalMessage, UTF_8);
        ScramAttributes attributes = new ScramAttributes(message, 0);
        String expectedBinding = ScramFunctions.base64(gs2Header.getBytes(UTF_8));
        if (!attributes.read('c').equals(expectedBinding)) {
            throw ProtocolException.violation("SCRAM channel binding check failed");
        }
        if (!attributes.read('r').equals(nonce)) {
            throw ProtocolException.violation("SCRAM nonce mismatch");
        }
        attributes.skipExtensionsUntil('p');
        String authMessage = clientFirstBare + "," + serverFirst + "," + message.substring(0, attributes.position());
        byte[] proof = attributes.readBase64('p');
        attributes.requireEnd();
        if (proof.length != ScramFunctions.KEY_LENGTH) {
            throw ScramAttributes.malformed("invalid client proof length " + proof.length);
        }
        byte[] recoveredClientKey = ScramFunctions.xor(proof, ScramFunctions.hmac(secret.storedKey(), authMessage));
        boolean proofMatches = MessageDigest.isEqual(ScramFunctions.hash(recoveredClientKey), secret.storedKey());
        if (!userExists) {
            throw new AuthenticationFailedException("SCRAM authentication of an unknown user");
        }
        if (!proofMatches) {
            throw new AuthenticationFailedException("SCRAM client proof does not match the secret (wrong password)");
        }
        clientKey = recoveredClientKey;
        state = State.SUCCEEDED;
        return ("v=" + ScramFunctions.base64(ScramFunctions.hmac(secret.serverKey(), authMessage))).getBytes(UTF_8);
    }

    /**
     * The client's ClientKey, recovered from its proof once the exchange succeeded; with the secret's
     * ServerKey it lets pgrelay log in to a server holding the same secret (see ScramClient#withClientKey).
     */
    public byte[] clientKey() {
        if (state != State.SUCCEEDED) {
            throw new IllegalStateException("the SCRAM exchange has not succeeded");
        }
        return clientKey.clone();
    }

    /** Checks the step is the expected one; until it completes, the exchange counts as failed. */
    private void enter(State expected) {
        if (state != expected) {
            throw new IllegalStateException("SCRAM exchange is " + state + ", not " + expected);
        }
        state = State.FAILED;
    }

    private static String readGs2Header(String message) {
        for (String header : SUPPORTED_GS2_HEADERS) {
            if (message.startsWith(header)) {
                return header;
            }
        }
        if (message.startsWith("p=")) {
            throw ProtocolException.violation("the client selected SCRAM-SHA-256 without channel binding, "
                    + "but the SCRAM message includes channel binding data");
        }
        if (message.startsWith("n,a=") || message.startsWith("y,a=")) {
            throw new ProtocolException(SqlState.FEATURE_NOT_SUPPORTED,
                    "client uses authorization identity, but it is not supported");
        }
        throw ScramAttributes.malformed("expected a GS2 header \"n,,\" or \"y,,\"");
    }
}
