package dev.pgrelay.protocol.auth;

/**
 * An authentication exchange ended without proving the password. The message is for pgrelay's log
 * only — clients get PostgreSQL's generic "password authentication failed" — and never holds a password.
 */
public class AuthenticationFailedException extends Exception {

    public AuthenticationFailedException(String message) {
        super(message);
    }
}
