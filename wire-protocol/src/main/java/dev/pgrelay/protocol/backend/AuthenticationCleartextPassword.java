package dev.pgrelay.protocol.backend;

/** The server asks for the password in clear text (a PasswordMessage). */
public final class AuthenticationCleartextPassword extends CodeOnlyAuthentication {
    public static final AuthenticationCleartextPassword INSTANCE = new AuthenticationCleartextPassword();

    private AuthenticationCleartextPassword() {
        super(Authentication.CLEARTEXT_PASSWORD);
    }
}
