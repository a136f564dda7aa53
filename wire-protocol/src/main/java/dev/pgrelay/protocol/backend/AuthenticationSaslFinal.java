package dev.pgrelay.protocol.backend;

/** The server's last SASL message (for SCRAM, the server-final-message "v=..."); AuthenticationOk follows. */
public final class AuthenticationSaslFinal extends SaslAuthentication {

    public AuthenticationSaslFinal(byte[] data) {
        super(Authentication.SASL_FINAL, data);
    }
}
