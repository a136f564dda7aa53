package dev.pgrelay.cli;

import dev.pgrelay.PgRelay;
import dev.pgrelay.config.ConfigLoader;
import dev.pgrelay.config.PgRelayConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `pgrelay run --config FILE`: serves clients in the foreground; SIGTERM/SIGINT drain it and exit 0. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run pgrelay in the foreground. SIGTERM or SIGINT drains it and exits 0.")
final class RunCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "pgrelay.yaml to serve")
    Path configFile;

    @Override
    public Integer call() throws InterruptedException {
        // A bad file is reported (exit 1) before anything else happens.
        PgRelayConfig config = ConfigLoader.load(configFile);
        ShutdownSignal shutdown = ShutdownSignal.install();
        AtomicReference<PgRelay> running = new AtomicReference<>();
        ProcessSignals.on("HUP", signal -> reload(running.get()));
        ForegroundRelay.serve(config, shutdown, relay -> {
            relay.reloadFrom(() -> ConfigLoader.load(configFile));
            relay.onShutdownRequested(shutdown::request);
            running.set(relay);
        });
        return 0;
    }

    /** SIGHUP: re-read the file on a thread of its own (the signal thread must stay short); PgRelay logs the outcome. */
    private void reload(PgRelay relay) {
        if (relay == null) {
            log.info("SIGHUP received while starting; nothing to reload yet");
            return;
        }
        log.info("SIGHUP received; reloading {}", configFile);
        Thread reloading = new Thread(() -> {
            try {
                relay.reload();
            } catch (RuntimeException e) {
                log.warn("reload of {} rejected, running configuration kept: {}", configFile, e.getMessage());
            }
        }, "pgrelay-reload");
        reloading.setDaemon(true);
        reloading.start();
    }
}
