package dev.pgrelay.protocol.backend;

/** Authentication succeeded; ParameterStatus, BackendKeyData and ReadyForQuery follow. */
public final class AuthenticationOk extends CodeOnlyAuthentication {
    public static final AuthenticationOk INSTANCE = new AuthenticationOk();

    private AuthenticationOk() {
        super(Authentication.OK);
    }
}
