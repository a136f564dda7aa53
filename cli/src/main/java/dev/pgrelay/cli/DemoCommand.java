package dev.pgrelay.cli;

import dev.pgrelay.PgRelay;
import dev.pgrelay.config.ConfigLoader;
import dev.pgrelay.config.HostPort;
import dev.pgrelay.testkit.LocalPostgresCluster;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * `pgrelay demo`: starts a throw-away primary and replicas from local PostgreSQL binaries, puts pgrelay in
 * front of them and says how to connect; Ctrl-C stops everything and removes the cluster's files.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start a local PostgreSQL primary + replicas with pgrelay in front; Ctrl-C stops it all.")
final class DemoCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(DemoCommand.class);

    @Option(names = "--port", defaultValue = "6432", description = "port pgrelay listens on (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--replicas", defaultValue = "1", description = "streaming replicas to start (default: ${DEFAULT-VALUE})")
    int replicas;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (replicas < 0) {
            throw new ParameterException(spec.commandLine(), "--replicas must be 0 or more, got " + replicas);
        }
        // HUP too: when the terminal closes, the cluster must still be stopped and removed.
        ShutdownSignal shutdown = ShutdownSignal.install("HUP");
        log.info("starting a local PostgreSQL primary and {} replica(s)…", replicas);
        try (LocalPostgresCluster cluster = LocalPostgresCluster.builder()
                .replicas(replicas)
                .user(DemoConfig.USER)
                .password(DemoConfig.PASSWORD)
                .database(DemoConfig.DATABASE)
                .start()) {
            List<HostPort> nodes = cluster.nodes().stream().map(node -> new HostPort(node.host(), node.port())).toList();
            String yaml = DemoConfig.yaml(port, nodes);
            ForegroundRelay.serve(ConfigLoader.parse(yaml, "demo"), shutdown, this::printHowToConnect);
            log.info("stopping the local PostgreSQL cluster");
        }
        return 0;
    }

    private void printHowToConnect(PgRelay relay) {
        PrintWriter out = spec.commandLine().getOut();
        out.println();
        out.println("pgrelay demo is ready. Connect with:");
        out.println("  " + DemoConfig.psqlCommand(relay.host(), relay.port()));
        out.println("  " + DemoConfig.jdbcUrl(relay.host(), relay.port()));
        out.println("Press Ctrl-C to stop pgrelay and the cluster.");
        out.println();
        out.flush();
    }
}
