package dev.pgrelay.it;

import static dev.pgrelay.it.Clients.throughRelay;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import dev.pgrelay.testkit.junit.PgRelayTest;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.sql.Connection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * A 1 GB result streams through pgrelay with bounded proxy memory, even when the client stops reading for a
 * while: back-pressure (autoRead off) keeps PostgreSQL's output in the kernel's socket buffers, not in ours.
 */
@PgRelayTest(poolMode = "session", poolSize = 2)
class LargeResultTest {
    private static final long ONE_GB = 1_000_000_000L;
    private static final long MEMORY_BOUND = 64L * 1024 * 1024;

    @Test
    void aGigabyteStreamsThroughWithBoundedProxyMemory(PgRelayEnvironment env) throws Exception {
        ByteBufAllocatorMetric metric = ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric();
        // The allocator is the whole test JVM's: chunks that earlier tests' pgrelays left cached count in it, so
        // the bound applies to what this stream adds on top of where it started.
        long before = metric.usedDirectMemory() + metric.usedHeapMemory();
        AtomicLong peak = new AtomicLong(before);
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(metric.usedDirectMemory() + metric.usedHeapMemory(), Math::max);
                try {
                    TimeUnit.MILLISECONDS.sleep(5);   // sampling interval of the memory probe
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "memory-sampler");
        sampler.setDaemon(true);
        sampler.start();
        long received = 0;
        try (Connection c = throughRelay(env)) {
            CopyOut copy = c.unwrap(PGConnection.class).getCopyAPI()
                    .copyOut("COPY (SELECT repeat('x', 1000) FROM generate_series(1, 1000000)) TO STDOUT");
            byte[] row;
            boolean paused = false;
            while ((row = copy.readFromCopy()) != null) {
                received += row.length;
                if (!paused && received > 10_000_000) {
                    paused = true;
                    // A slow consumer: PostgreSQL keeps producing while we read nothing for a second.
                    TimeUnit.SECONDS.sleep(1);
                }
            }
        } finally {
            sampler.interrupt();
            sampler.join();
        }
        assertThat(received).isGreaterThanOrEqualTo(ONE_GB);
        assertThat(peak.get() - before).as("peak pooled memory pgrelay added while streaming (bytes)")
                .isLessThan(MEMORY_BOUND);
    }
}
