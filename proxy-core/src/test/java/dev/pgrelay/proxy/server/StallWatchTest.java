package dev.pgrelay.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A connection is stalled when it owes an answer and stays silent across two looks at least the grace apart. */
class StallWatchTest {
    private static final long GRACE = TimeUnit.SECONDS.toNanos(1);

    private final StallWatch watch = new StallWatch();
    private final PendingResponses pending = new PendingResponses();

    @Test
    void silenceWhileOwingAnAnswerCountsFromTheFirstLook() {
        pending.add(PendingResponses.QUERY, PendingResponses.FORWARD, null);

        assertThat(watch.silentLongerThan(pending, true, 10 * GRACE, GRACE)).as("the first look only notes the time")
                .isFalse();
        assertThat(watch.silentLongerThan(pending, true, 10 * GRACE + GRACE / 2, GRACE)).isFalse();
        assertThat(watch.silentLongerThan(pending, true, 11 * GRACE, GRACE)).isTrue();
    }

    @Test
    void anythingHeardStartsTheCountAgain() {
        pending.add(PendingResponses.QUERY, PendingResponses.FORWARD, null);
        watch.silentLongerThan(pending, true, 10 * GRACE, GRACE);

        watch.heard();   // a slow query's rows are arriving

        assertThat(watch.silentLongerThan(pending, true, 12 * GRACE, GRACE)).isFalse();
        assertThat(watch.silentLongerThan(pending, true, 12 * GRACE + GRACE / 2, GRACE)).isFalse();
        assertThat(watch.silentLongerThan(pending, true, 13 * GRACE, GRACE)).isTrue();
    }

    @Test
    void aConnectionThatOwesNothingIsNeverStalled() {
        watch.silentLongerThan(pending, true, 10 * GRACE, GRACE);
        assertThat(watch.silentLongerThan(pending, true, 100 * GRACE, GRACE)).as("idle in transaction, say").isFalse();

        pending.add(PendingResponses.QUERY, PendingResponses.FORWARD, null);
        assertThat(watch.silentLongerThan(pending, true, 101 * GRACE, GRACE)).as("its silence counts from now").isFalse();
        assertThat(watch.silentLongerThan(pending, true, 102 * GRACE, GRACE)).isTrue();
    }

    @Test
    void aConnectionPgrelayIsNotReadingFromIsHeldBackNotSilent() {
        pending.add(PendingResponses.QUERY, PendingResponses.FORWARD, null);
        watch.silentLongerThan(pending, true, 10 * GRACE, GRACE);

        assertThat(watch.silentLongerThan(pending, false, 20 * GRACE, GRACE)).as("a slow client's answer").isFalse();
        assertThat(watch.silentLongerThan(pending, true, 20 * GRACE + GRACE / 2, GRACE)).isFalse();
        assertThat(watch.silentLongerThan(pending, true, 21 * GRACE, GRACE)).isTrue();
    }
}
