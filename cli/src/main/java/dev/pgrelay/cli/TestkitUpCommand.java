package dev.pgrelay.cli;

import dev.pgrelay.testkit.PgNode;
import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * `pgrelay testkit up`: starts a throw-away primary, replicas, a fault proxy per node and pgrelay, prints how
 * to connect (one JSON line with --json), writes the state file `fault` and `down` use, and runs until
 * `pgrelay testkit down` or a stop signal; then stops everything and removes the state file.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start a PostgreSQL primary + replicas with pgrelay in front and keep them running for tests.")
final class TestkitUpCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(TestkitUpCommand.class);

    @Option(names = "--replicas", defaultValue = "2", description = "streaming replicas (default: ${DEFAULT-VALUE})")
    int replicas;

    @Option(names = "--port", defaultValue = "0", description = "port pgrelay listens on; 0 picks a free one (default)")
    int port;

    @Option(names = "--pool-mode", defaultValue = "transaction",
            description = "session, transaction or statement (default: ${DEFAULT-VALUE})")
    String poolMode;

    @Option(names = "--pool-size", defaultValue = "10", description = "server connections per node (default: ${DEFAULT-VALUE})")
    int poolSize;

    @Option(names = "--config", paramLabel = "FILE",
            description = "pgrelay YAML merged into the generated config (a listen: in it wins over --port)")
    Path extraConfig;

    @Option(names = "--json", description = "print the connection info as one JSON line")
    boolean json;

    @Option(names = "--state", paramLabel = "FILE", description = "state file for fault/down (default: ${DEFAULT-VALUE})")
    Path stateFile = TestkitState.defaultPath();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (replicas < 0) {
            throw new ParameterException(spec.commandLine(), "--replicas must be 0 or more, got " + replicas);
        }
        Optional<String> previous = TestkitState.read(stateFile);
        if (previous.isPresent() && !TestkitState.isStale(previous.get())) {
            throw new ParameterException(spec.commandLine(), "a testkit runs already (" + stateFile
                    + "): run `pgrelay testkit down` first, or pass another --state");
        }
        CountDownLatch stop = new CountDownLatch(1);
        ShutdownSignal signal = ShutdownSignal.install("HUP");
        Thread signalWatcher = new Thread(() -> {
            try {
                signal.await();
                stop.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "pgrelay-testkit-signals");
        signalWatcher.setDaemon(true);
        signalWatcher.start();

        try (PgRelayEnvironment env = PgRelayEnvironment.builder()
                .replicas(replicas)
                .poolMode(poolMode)
                .poolSize(poolSize)
                .config(relayConfig())
                .faultProxy(true)
                .start();
             TestkitControl control = TestkitControl.start(env, stop::countDown)) {
            Map<String, Object> info = connectionInfo(env, control);
            Map<String, Object> state = new LinkedHashMap<>(info);
            state.put(TestkitState.TOKEN, control.token());
            TestkitState.write(stateFile, state);
            try {
                print(info, env);
                stop.await();
                log.info("stopping pgrelay, the fault proxies and the cluster");
            } finally {
                TestkitState.delete(stateFile);
            }
        }
        return 0;
    }

    /** --port as the listen address, unless the --config file names one itself. */
    private String relayConfig() {
        String extra = "";
        if (extraConfig != null) {
            try {
                extra = Files.readString(extraConfig);
            } catch (IOException e) {
                throw new UncheckedIOException("could not read --config " + extraConfig, e);
            }
        }
        boolean listens = extra.lines().anyMatch(line -> line.startsWith("listen:"));
        return listens ? extra : "listen: 127.0.0.1:" + port + "\n" + extra;
    }

    private Map<String, Object> connectionInfo(PgRelayEnvironment env, TestkitControl control) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("host", env.relayHost());
        info.put("port", env.relayPort());
        info.put("user", env.user());
        info.put("password", env.password());
        info.put("database", env.database());
        info.put("jdbc_url", env.relayJdbcUrl());
        info.put("dsn", "host=" + env.relayHost() + " port=" + env.relayPort() + " user=" + env.user()
                + " password=" + env.password() + " dbname=" + env.database());
        info.put("primary", node(env, env.cluster().primary()));
        List<Object> replicaInfo = env.cluster().replicas().stream().map(replica -> (Object) node(env, replica)).toList();
        info.put("replicas", replicaInfo);
        info.put("state_file", stateFile.toAbsolutePath().toString());
        info.put(TestkitState.PID, ProcessHandle.current().pid());
        info.put(TestkitState.CONTROL_PORT, control.port());
        return info;
    }

    /** A node's own address (to reach it directly) and the fault proxy's, which is how pgrelay reaches it. */
    private static Map<String, Object> node(PgRelayEnvironment env, PgNode node) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", node.name());
        fields.put("host", node.host());
        fields.put("port", node.port());
        fields.put("relay_port", env.relayAddressOf(node).port());
        return fields;
    }

    private void print(Map<String, Object> info, PgRelayEnvironment env) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(info));
        } else {
            out.println("pgrelay testkit is up: " + env);
            out.println("  connect:  psql \"" + info.get("dsn") + "\"");
            out.println("  JDBC:     " + info.get("jdbc_url"));
            out.println("  nodes:    " + env.cluster().nodes());
            out.println("  faults:   pgrelay testkit fault --state " + stateFile + " kill-primary|promote NODE|...");
            out.println("  stop:     pgrelay testkit down --state " + stateFile);
        }
        out.flush();
    }
}
