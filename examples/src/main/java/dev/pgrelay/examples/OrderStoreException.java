package dev.pgrelay.examples;

import java.sql.SQLException;

/** The order store could not do what was asked; the cause says what the database answered. */
public final class OrderStoreException extends RuntimeException {

    public OrderStoreException(String message, SQLException cause) {
        super(message + ": " + cause.getSQLState() + " " + cause.getMessage(), cause);
    }
}
