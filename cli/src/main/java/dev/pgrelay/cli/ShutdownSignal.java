package dev.pgrelay.cli;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stop request from the outside (SIGTERM, SIGINT, …) that the main thread waits for. The signal thread
 * only records the request; the waiting thread then does the slow part — draining — and the command
 * returns 0.
 */
final class ShutdownSignal {
    private static final Logger log = LoggerFactory.getLogger(ShutdownSignal.class);

    private final CountDownLatch requested = new CountDownLatch(1);

    private ShutdownSignal() {}

    /**
     * Starts listening for SIGTERM and SIGINT plus {@code moreSignals}. Install it before starting anything
     * slow, so a signal that arrives during start-up still leads to a clean stop.
     */
    static ShutdownSignal install(String... moreSignals) {
        ShutdownSignal shutdown = new ShutdownSignal();
        ProcessSignals.on("TERM", shutdown::request);
        ProcessSignals.on("INT", shutdown::request);
        for (String signal : moreSignals) {
            ProcessSignals.on(signal, shutdown::request);
        }
        return shutdown;
    }

    /** Blocks until a stop signal has arrived (returns at once if one already has). */
    void await() throws InterruptedException {
        requested.await();
    }

    /** A stop asked for from inside, e.g. SHUTDOWN on the admin console: the same graceful drain as SIGTERM. */
    void request() {
        request("TERM (SHUTDOWN on the admin console)");
    }

    private void request(String signalName) {
        if (requested.getCount() == 0) {
            log.info("SIG{} received again; already shutting down", signalName);
            return;
        }
        log.info("SIG{} received; shutting down", signalName);
        requested.countDown();
    }
}
