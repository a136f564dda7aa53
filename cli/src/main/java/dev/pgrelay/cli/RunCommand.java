package dev.pgrelay.cli;

import dev.pgrelay.config.ConfigLoader;
import dev.pgrelay.config.PgRelayConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
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
        ProcessSignals.on("HUP", signal ->
                log.info("reload requested (SIGHUP), but this pgrelay cannot reload yet: restart it to apply {}",
                        configFile));
        ForegroundRelay.serve(config, shutdown, relay -> {});
        return 0;
    }
}
