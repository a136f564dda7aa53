package dev.pgrelay.cli;

import dev.pgrelay.PgRelay;
import dev.pgrelay.config.Durations;
import dev.pgrelay.config.PgRelayConfig;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs pgrelay in the foreground: start, wait for a stop signal, drain. Shared by run and demo. */
final class ForegroundRelay {
    private static final Logger log = LoggerFactory.getLogger(ForegroundRelay.class);

    private ForegroundRelay() {}

    /**
     * Serves with {@code config} until {@code shutdown} is requested, then closes the relay, which stops
     * accepting clients and lets running transactions finish within limits.shutdown_timeout.
     * PgRelay itself logs when it listens and when it has stopped.
     *
     * @param whenListening called once clients can connect, e.g. to print how to connect
     */
    static void serve(PgRelayConfig config, ShutdownSignal shutdown, Consumer<PgRelay> whenListening)
            throws InterruptedException {
        try (PgRelay relay = PgRelay.start(config)) {
            whenListening.accept(relay);
            shutdown.await();
            log.info("draining: accepting no new clients, running transactions get up to {} to finish",
                    Durations.format(config.limits().shutdownTimeout()));
        }
    }
}
