package dev.pgrelay.protocol.backend;

/** A server SASL challenge (for SCRAM, the server-first-message). */
public final class AuthenticationSaslContinue extends SaslAuthentication {

    public AuthenticationSaslContinue(byte[] data) {
        super(Authentication.SASL_CONTINUE, data);
    }
}
