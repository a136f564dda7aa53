package dev.pgrelay.it.drivers;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts, for each workload step, the clients that got it right, and keeps the first errors for the summary. */
final class WorkloadTally {

    /** The steps of {@link DriverWorkloadSummary}, in its order. */
    enum Step { CONNECTED, SIMPLE, EXTENDED, PREPARED, TRANSACTIONS, CANCELLED }

    /** A step's JDBC calls; they throw on a failed call or an unexpected answer. */
    interface StepAction {
        void run() throws Exception;
    }

    /** Enough to see what went wrong without drowning the assertion message in fifty copies of it. */
    private static final int ERRORS_KEPT = 10;

    private final Map<Step, AtomicInteger> succeeded = new EnumMap<>(Step.class);
    private final List<String> errors = new ArrayList<>();

    WorkloadTally() {
        for (Step step : Step.values()) {
            succeeded.put(step, new AtomicInteger());
        }
    }

    /** Runs the step and counts it; a failure is kept as an error and does not stop the client's later steps. */
    void attempt(int client, Step step, StepAction action) {
        try {
            action.run();
            succeeded(step);
        } catch (Exception | AssertionError e) {
            failed(client, step.name().toLowerCase(Locale.ROOT), e);
        }
    }

    void succeeded(Step step) {
        succeeded.get(step).incrementAndGet();
    }

    /** Keeps "client 7 prepared: message (SQLSTATE x)" among the first errors; {@code what} names the step. */
    void failed(int client, String what, Throwable cause) {
        String sqlState = cause instanceof SQLException sql && sql.getSQLState() != null
                ? " (SQLSTATE " + sql.getSQLState() + ")" : "";
        synchronized (errors) {
            if (errors.size() < ERRORS_KEPT) {
                String description = cause.getMessage() != null ? cause.getMessage() : cause.toString();
                errors.add("client " + client + " " + what + ": " + description + sqlState);
            }
        }
    }

    DriverWorkloadSummary summary(int clients) {
        synchronized (errors) {
            return new DriverWorkloadSummary(clients, count(Step.CONNECTED), count(Step.SIMPLE), count(Step.EXTENDED),
                    count(Step.PREPARED), count(Step.TRANSACTIONS), count(Step.CANCELLED), errors);
        }
    }

    private int count(Step step) {
        return succeeded.get(step).get();
    }
}
