package dev.pgrelay.it.security;

import dev.pgrelay.testkit.junit.PgRelayTest;

/** {@link ErrorWithoutSyncTest} in session pooling. */
@PgRelayTest(poolMode = "session", poolSize = 1)
class ErrorWithoutSyncSessionPoolingTest extends ErrorWithoutSyncTest {
}
