package dev.pgrelay.bench.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.proxy.server.ServerConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServerPoolBenchmarkTest {
    private final ServerPoolBenchmark benchmark = new ServerPoolBenchmark();
    private final ServerPoolBenchmark.EventLoopThread first = new ServerPoolBenchmark.EventLoopThread();
    private final ServerPoolBenchmark.EventLoopThread second = new ServerPoolBenchmark.EventLoopThread();

    ServerPoolBenchmarkTest() {
        benchmark.setUp();
        first.setUp(benchmark);
        second.setUp(benchmark);
    }

    @AfterEach
    void tearDown() {
        benchmark.tearDown();
        first.tearDown();
        second.tearDown();
    }

    @Test
    void eachThreadLeasesTheIdleConnectionOnItsOwnLoopAndGivesItBack() {
        for (int invocation = 0; invocation < 3; invocation++) {
            ServerConnection firstLease = benchmark.leaseAndRelease(first.loop);
            ServerConnection secondLease = benchmark.leaseAndRelease(second.loop);

            assertThat(firstLease.eventLoop()).isSameAs(first.loop);
            assertThat(secondLease.eventLoop()).isSameAs(second.loop);
            assertThat(firstLease.state()).isEqualTo(ServerConnection.State.IDLE);
        }
        assertThat(benchmark.pool().stats().idle()).isEqualTo(2);
        assertThat(benchmark.pool().stats().open()).isZero();   // so the pool never opens one of its own
    }
}
