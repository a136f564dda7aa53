package dev.pgrelay.proxy.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The clients' work on one (node, database): query and transaction timers (counts and latency histograms),
 * bytes, pool waits, and when a transaction last completed (the ledger's "writes flow again").
 */
public final class DatabaseWork implements ServerTrafficMeter.WorkSink {
    private final String node;
    private final String database;
    private final Timer queries;
    private final Timer transactions;
    private final Timer poolWaits;
    private final LongAdder received = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final AtomicLong lastTransactionNanos = new AtomicLong();

    DatabaseWork(String node, String database, MeterRegistry registry) {
        this.node = node;
        this.database = database;
        this.queries = timer("pgrelay.query", "Queries completed for clients, and their latency", registry);
        this.transactions = timer("pgrelay.transaction", "Transactions completed for clients, and their duration",
                registry);
        this.poolWaits = timer("pgrelay.pool.wait", "How long clients waited for a server connection", registry);
    }

    private Timer timer(String name, String description, MeterRegistry registry) {
        return Timer.builder(name).tag("node", node).tag("database", database).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofSeconds(60))
                .description(description).register(registry);
    }

    public String node() {
        return node;
    }

    public String database() {
        return database;
    }

    @Override
    public void queryCompleted(long nanos) {
        queries.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void transactionCompleted(long nanos) {
        transactions.record(nanos, TimeUnit.NANOSECONDS);
        lastTransactionNanos.set(System.nanoTime());
    }

    @Override
    public void bytes(long receivedBytes, long sentBytes) {
        if (receivedBytes != 0) {
            received.add(receivedBytes);
        }
        if (sentBytes != 0) {
            sent.add(sentBytes);
        }
    }

    void poolWait(long nanos) {
        poolWaits.record(nanos, TimeUnit.NANOSECONDS);
    }

    public long queryCount() {
        return queries.count();
    }

    public long transactionCount() {
        return transactions.count();
    }

    public long queryMicros() {
        return (long) queries.totalTime(TimeUnit.MICROSECONDS);
    }

    public long transactionMicros() {
        return (long) transactions.totalTime(TimeUnit.MICROSECONDS);
    }

    public long poolWaitMicros() {
        return (long) poolWaits.totalTime(TimeUnit.MICROSECONDS);
    }

    /** Bytes the servers sent for these clients. */
    public long receivedBytes() {
        return received.sum();
    }

    /** Bytes sent to the servers for these clients. */
    public long sentBytes() {
        return sent.sum();
    }

    long lastTransactionNanos() {
        return lastTransactionNanos.get();
    }
}
