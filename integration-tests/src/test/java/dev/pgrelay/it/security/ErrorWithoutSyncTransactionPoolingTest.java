package dev.pgrelay.it.security;

import dev.pgrelay.testkit.junit.PgRelayTest;

/** {@link ErrorWithoutSyncTest} in transaction pooling. */
@PgRelayTest(poolMode = "transaction", poolSize = 1)
class ErrorWithoutSyncTransactionPoolingTest extends ErrorWithoutSyncTest {
}
