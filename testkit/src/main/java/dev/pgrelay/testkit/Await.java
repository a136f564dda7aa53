package dev.pgrelay.testkit;

import java.time.Duration;

/** Polls a condition until it holds or a deadline passes, so tests wait for facts instead of sleeping. */
public final class Await {

    private static final long FIRST_PAUSE_MILLIS = 5;
    private static final long MAX_PAUSE_MILLIS = 100;

    /** A fact to check; an exception counts as "not yet" and is reported if the deadline passes. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    private Await() {
    }

    /**
     * Returns as soon as {@code condition} holds; throws {@link ClusterException} naming {@code what}
     * (and the last exception the condition threw) once {@code timeout} has passed.
     */
    public static void until(String what, Duration timeout, Condition condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pauseMillis = FIRST_PAUSE_MILLIS;
        while (true) {
            Exception lastFailure = null;
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (Exception e) {
                lastFailure = e;
            }
            if (System.nanoTime() - deadline > 0) {
                String reason = lastFailure == null ? "" : " (last attempt failed: " + lastFailure + ")";
                throw new ClusterException("timed out after " + timeout.toMillis() + " ms waiting until " + what + reason,
                        lastFailure);
            }
            pause(pauseMillis);
            // Back off so a slow condition does not burn one of the two shared cores.
            pauseMillis = Math.min(pauseMillis * 2, MAX_PAUSE_MILLIS);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted while waiting", e);
        }
    }
}
