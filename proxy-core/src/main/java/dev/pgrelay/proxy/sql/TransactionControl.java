package dev.pgrelay.proxy.sql;

/**
 * What a statement does to the transaction block, for routing; the transaction state itself comes from
 * ReadyForQuery.
 */
public enum TransactionControl {
    /** Not a transaction-control statement. */
    NONE,
    /** BEGIN / START TRANSACTION that may write (or is SERIALIZABLE, which a hot standby refuses). */
    BEGIN,
    /** BEGIN / START TRANSACTION READ ONLY, not SERIALIZABLE: the whole transaction can run on a replica. */
    BEGIN_READ_ONLY,
    /** COMMIT, END (with or without AND CHAIN). */
    COMMIT,
    /** ROLLBACK, ABORT (with or without AND CHAIN). */
    ROLLBACK,
    SAVEPOINT,
    RELEASE_SAVEPOINT,
    ROLLBACK_TO_SAVEPOINT,
    /** PREPARE TRANSACTION 'gid': ends the transaction block, keeping it for two-phase commit. */
    PREPARE_TRANSACTION,
    /** SET TRANSACTION READ ONLY (not SERIALIZABLE) inside a transaction. */
    SET_TRANSACTION_READ_ONLY
}
