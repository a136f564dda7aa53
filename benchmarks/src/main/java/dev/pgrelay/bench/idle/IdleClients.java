package dev.pgrelay.bench.idle;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures what idle clients cost a pooler: per target, logs in a warm-up batch and lets it go, samples the
 * process, then holds half of N logged-in idle clients, samples, holds all N, samples again; prints the growth
 * per client over the second half as markdown (see {@link IdleClientOutcome.Measured} for why the second half).
 * benchmarks/idle-clients starts PostgreSQL, pgrelay and PgBouncer and runs this against them.
 */
public final class IdleClients {
    private static final int LOGIN_TIMEOUT_MILLIS = 60_000;

    private IdleClients() {
    }

    public static void main(String[] args) throws InterruptedException {
        IdleClientOptions options;
        try {
            options = IdleClientOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(IdleClientOptions.USAGE);
            System.exit(2);
            return;
        }
        List<IdleClientOutcome> outcomes = new ArrayList<>();
        for (Target target : options.targets()) {
            outcomes.add(measure(target, options));
        }
        System.out.print(IdleClientTable.render(outcomes));
    }

    private static IdleClientOutcome measure(Target target, IdleClientOptions options) throws InterruptedException {
        PgLogin login = new PgLogin(options.credentials(), LOGIN_TIMEOUT_MILLIS);
        boolean jvm = target.isJvm();
        int firstHalf = IdleClientOutcome.Measured.firstHalf(options.clients());
        try {
            System.err.printf("%s: warming up with %d clients%n", target.name(), options.warmupClients());
            IdleConnections.open(target.address(), login, options.warmupClients(), options.threads()).close();
            MemorySample none = settleAndSample(target, jvm, options);
            System.err.printf("%s: opening %d idle clients%n", target.name(), options.clients());
            long start = System.nanoTime();
            try (IdleConnections first = IdleConnections.open(target.address(), login, firstHalf, options.threads())) {
                long firstLogins = System.nanoTime() - start;
                MemorySample half = settleAndSample(target, jvm, options);
                long secondStart = System.nanoTime();
                try (IdleConnections second = IdleConnections.open(target.address(), login,
                        options.clients() - firstHalf, options.threads())) {
                    Duration loginTime = Duration.ofNanos(firstLogins + System.nanoTime() - secondStart);
                    MemorySample all = settleAndSample(target, jvm, options);
                    return new IdleClientOutcome.Measured(target.name(), first.size() + second.size(), loginTime,
                            none, half, all);
                }
            }
        } catch (IOException | RuntimeException e) {
            System.err.printf("%s: %s%n", target.name(), e.getMessage());
            return new IdleClientOutcome.Failed(target.name(), e.getMessage());
        }
    }

    /** Lets the pooler finish what the logins set off (server leases, buffers) before sampling it. */
    private static MemorySample settleAndSample(Target target, boolean jvm, IdleClientOptions options)
            throws IOException, InterruptedException {
        Thread.sleep(options.settle().toMillis());
        return MemorySample.of(target.pid(), jvm);
    }
}
