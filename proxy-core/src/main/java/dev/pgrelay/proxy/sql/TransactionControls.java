package dev.pgrelay.proxy.sql;

import java.util.List;

/** Recognizes transaction-control statements (BEGIN, COMMIT, SAVEPOINT, SET TRANSACTION …). */
final class TransactionControls {

    private TransactionControls() {
    }

    static TransactionControl of(List<Token> tokens) {
        TokenReader reader = new TokenReader(tokens, 0);
        if (reader.accept("begin")) {
            return readOnly(reader.rest()) ? TransactionControl.BEGIN_READ_ONLY : TransactionControl.BEGIN;
        }
        if (reader.accept("start", "transaction")) {
            return readOnly(reader.rest()) ? TransactionControl.BEGIN_READ_ONLY : TransactionControl.BEGIN;
        }
        if (reader.accept("commit")) {
            // COMMIT PREPARED 'gid' finishes another, prepared transaction and runs outside any block
            return reader.peekKeyword("prepared") ? TransactionControl.NONE : TransactionControl.COMMIT;
        }
        if (reader.accept("end")) {
            return TransactionControl.COMMIT;
        }
        if (reader.accept("abort")) {
            return TransactionControl.ROLLBACK;
        }
        if (reader.accept("rollback")) {
            if (reader.peekKeyword("prepared")) {
                return TransactionControl.NONE;
            }
            if (!reader.accept("work")) {
                reader.accept("transaction");
            }
            boolean toSavepoint = reader.peekKeyword("to");
            return toSavepoint ? TransactionControl.ROLLBACK_TO_SAVEPOINT : TransactionControl.ROLLBACK;
        }
        if (reader.accept("savepoint")) {
            return TransactionControl.SAVEPOINT;
        }
        if (reader.accept("release")) {
            return TransactionControl.RELEASE_SAVEPOINT;
        }
        boolean twoPhaseCommit = reader.peekKeyword("prepare") && reader.peekKeyword(1, "transaction")
                && reader.peek(2) != null && reader.peek(2).kind() == TokenKind.STRING;
        if (twoPhaseCommit) {
            return TransactionControl.PREPARE_TRANSACTION;
        }
        if (reader.accept("set", "transaction") || reader.accept("set", "local", "transaction")
                || reader.accept("set", "session", "transaction")) {
            return readOnly(reader.rest()) ? TransactionControl.SET_TRANSACTION_READ_ONLY : TransactionControl.NONE;
        }
        return TransactionControl.NONE;
    }

    /**
     * Whether transaction modes ask for a read-only transaction that a hot standby can run: READ ONLY (the last of
     * READ ONLY / READ WRITE wins) and not SERIALIZABLE, which a standby refuses ("cannot use serializable mode
     * in a hot standby").
     */
    private static boolean readOnly(List<Token> modes) {
        boolean readOnly = false;
        for (int i = 0; i < modes.size(); i++) {
            Token mode = modes.get(i);
            if (mode.isKeyword("serializable")) {
                return false;
            }
            if (mode.isKeyword("read") && i + 1 < modes.size()) {
                Token access = modes.get(i + 1);
                if (access.isKeyword("only")) {
                    readOnly = true;
                } else if (access.isKeyword("write")) {
                    readOnly = false;
                }
            }
        }
        return readOnly;
    }
}
