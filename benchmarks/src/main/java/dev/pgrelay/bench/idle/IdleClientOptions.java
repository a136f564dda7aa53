package dev.pgrelay.bench.idle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The command line of {@link IdleClients}: how many clients, who logs in, and which poolers to measure. */
record IdleClientOptions(int clients, int threads, int warmupClients, Duration settle,
        PgLogin.Credentials credentials, List<Target> targets) {

    static final String USAGE = """
            usage: IdleClients --clients N --target NAME=HOST:PORT:PID [--target ...]
                               [--user app] [--password secret] [--database bench]
                               [--threads 4] [--warmup-clients 500] [--settle-seconds 3]
            """;

    /** @throws IllegalArgumentException naming the bad or missing option */
    static IdleClientOptions parse(String... args) {
        int clients = 0;
        int threads = 4;
        int warmup = -1;
        long settleSeconds = 3;
        String user = "app";
        String password = "secret";
        String database = "bench";
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args[i + 1];
            switch (name) {
                case "--clients" -> clients = positive(name, value);
                case "--threads" -> threads = positive(name, value);
                case "--warmup-clients" -> warmup = nonNegative(name, value);
                case "--settle-seconds" -> settleSeconds = nonNegative(name, value);
                case "--user" -> user = value;
                case "--password" -> password = value;
                case "--database" -> database = value;
                case "--target" -> targets.add(Target.parse(value));
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        if (clients == 0) {
            throw new IllegalArgumentException("--clients is required");
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("at least one --target is required");
        }
        // Warm-up logins bring the pooler's pools, buffers and JIT to their steady state before the baseline.
        int warmupClients = warmup >= 0 ? warmup : Math.min(clients, 500);
        return new IdleClientOptions(clients, threads, warmupClients, Duration.ofSeconds(settleSeconds),
                new PgLogin.Credentials(user, password, database), List.copyOf(targets));
    }

    private static int positive(String name, String value) {
        int number = nonNegative(name, value);
        if (number == 0) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return number;
    }

    private static int nonNegative(String name, String value) {
        try {
            int number = Integer.parseInt(value);
            if (number >= 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a non-negative integer, got \"" + value + "\"");
    }
}
