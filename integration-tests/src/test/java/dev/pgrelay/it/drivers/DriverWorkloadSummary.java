package dev.pgrelay.it.drivers;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The one-line JSON report of a driver workload: how many clients were connected at the same moment, how many got
 * each step right, and the first errors. Every driver (pgjdbc here, psycopg 3 and the two Node drivers as scripts)
 * runs the same workload and prints this line with these keys in this order, so one expected line fits all.
 *
 * <p>The workload: {@code clients} connections are opened, and only when all are open does each client run, on its
 * own connection and concurrently with the others:
 * <ol>
 *   <li>{@code simple}: {@code SELECT <client> + 1000} over the simple query protocol answers client + 1000;</li>
 *   <li>{@code extended}: {@code SELECT $1::int + $2::int} with (client, 1000) as an unnamed statement of the
 *       extended protocol answers client + 1000;</li>
 *   <li>{@code prepared}: {@code SELECT $1::int * 2} as a named prepared statement, named the driver's own way,
 *       executed {@value #PREPARED_EXECUTIONS} times with client * 100 + n answers each value doubled;</li>
 *   <li>{@code transactions}: BEGIN, INSERT (client, 'committed'), COMMIT; BEGIN, INSERT (client, 'rolled back'),
 *       ROLLBACK; reading the client's rows of {@code driver_notes} back finds exactly 'committed';</li>
 *   <li>{@code cancelled}: inside a transaction that has already run a statement, {@code SELECT pg_sleep(30)} is
 *       cancelled by the driver's own cancel call after 300 ms and fails with SQLSTATE 57014 within 15 s, but not
 *       before that cancel was sent (failing earlier means another client's cancel reached this query); after
 *       ROLLBACK the connection answers a query again. The earlier statement matters in transaction pooling: it
 *       pins a server connection, so the sleep is running on a server when the cancel arrives instead of still
 *       waiting for a free server connection.</li>
 * </ol>
 */
record DriverWorkloadSummary(int clients, int connected, int simple, int extended, int prepared, int transactions,
                             int cancelled, List<String> errors) {

    static final int PREPARED_EXECUTIONS = 10;

    DriverWorkloadSummary {
        errors = List.copyOf(errors);
    }

    static DriverWorkloadSummary everyStepSucceeded(int clients) {
        return new DriverWorkloadSummary(clients, clients, clients, clients, clients, clients, clients, List.of());
    }

    /** Compact JSON, as Python's {@code json.dumps(separators=(",", ":"))} and {@code JSON.stringify} write it. */
    String toJson() {
        return "{\"clients\":" + clients + ",\"connected\":" + connected + ",\"simple\":" + simple
                + ",\"extended\":" + extended + ",\"prepared\":" + prepared + ",\"transactions\":" + transactions
                + ",\"cancelled\":" + cancelled + ",\"errors\":["
                + errors.stream().map(DriverWorkloadSummary::jsonString).collect(Collectors.joining(",")) + "]}";
    }

    private static String jsonString(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                default -> json.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return json.append('"').toString();
    }
}
