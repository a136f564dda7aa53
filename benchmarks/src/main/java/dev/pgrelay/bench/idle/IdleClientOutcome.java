package dev.pgrelay.bench.idle;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.ToLongFunction;

/** What measuring one target gave: its memory with no, half and all the idle clients, or why there is no number. */
sealed interface IdleClientOutcome {
    String target();

    /**
     * Memory with no idle clients (after a warm-up batch came and went), with the first half connected, and
     * with all of them. The cost per client is the growth over the second half: fixed costs that the first
     * clients set off — JIT-compiled code, allocator arenas, PgBouncer's slabs — are paid by then, so what is
     * left is what one more idle client costs.
     */
    record Measured(String target, int clients, Duration loginTime, MemorySample none, MemorySample half,
            MemorySample all) implements IdleClientOutcome {

        /** The clients of the first half; the second half is the rest. */
        static int firstHalf(int clients) {
            return clients / 2;
        }

        /** RSS growth per client over the second half, in bytes. */
        long residentBytesPerClient() {
            return perClientOfSecondHalf(MemorySample::residentKb);
        }

        /** Live-heap growth per client over the second half, in bytes; empty for a process that is not a JVM. */
        OptionalLong heapBytesPerClient() {
            if (half.heapUsedKb().isEmpty() || all.heapUsedKb().isEmpty()) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(perClientOfSecondHalf(sample -> sample.heapUsedKb().getAsLong()));
        }

        private long perClientOfSecondHalf(ToLongFunction<MemorySample> kb) {
            return (kb.applyAsLong(all) - kb.applyAsLong(half)) * 1024 / (clients - firstHalf(clients));
        }
    }

    /** The clients could not all connect, or the process could not be measured. */
    record Failed(String target, String reason) implements IdleClientOutcome {
    }
}
