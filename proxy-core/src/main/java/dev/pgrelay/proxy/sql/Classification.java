package dev.pgrelay.proxy.sql;

import java.util.List;

/**
 * What pgrelay needs to know about a SQL text (one or more statements) to route and pool it.
 *
 * @param readOnly       every statement can run on a replica outside an explicit transaction block
 * @param forcePrimary   a statement carries the leading hint {@code pgrelay:primary} ({@code --} or block comment)
 * @param txControl      the last transaction-control statement of the text — the one that decides the transaction
 *                       state the text leaves behind — or {@link TransactionControl#NONE}
 * @param sessionEffects the effects of all statements on session state, in order
 */
public record Classification(boolean readOnly, boolean forcePrimary, TransactionControl txControl,
                             List<SessionEffect> sessionEffects) {

    public Classification {
        sessionEffects = List.copyOf(sessionEffects);
    }
}
