package dev.pgrelay.cli;

import dev.pgrelay.testkit.PgNode;
import dev.pgrelay.testkit.fault.FaultProxy;
import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The faults `pgrelay testkit fault` can inject, by the name users type, and what each does to the running
 * environment. Each returns a one-line answer for the user.
 */
enum TestkitFault {
    KILL_PRIMARY("kill-primary", "", "kill -9 every process of the current primary",
            (env, args) -> "killed " + env.killPrimary().name()),
    FAILOVER("failover", "", "kill the primary, promote the first replica, wait until pgrelay routes writes to it",
            (env, args) -> env.failover().name() + " is the primary"),
    PROMOTE("promote", "NODE", "promote NODE and wait until pgrelay routes writes to it",
            (env, args) -> promote(env, args.node())),
    CATCH_UP("catch-up", "", "wait until every running replica has replayed all WAL the primary has written",
            (env, args) -> {
                env.cluster().awaitReplicasCaughtUp(Duration.ofSeconds(30));
                return "replicas caught up";
            }),
    KILL("kill", "NODE", "kill -9 every process of NODE", (env, args) -> done(args.node(), PgNode::kill, "killed")),
    STOP("stop", "NODE", "stop NODE cleanly (pg_ctl stop -m fast)", (env, args) -> done(args.node(), PgNode::stop, "stopped")),
    START("start", "NODE", "start NODE again", (env, args) -> done(args.node(), PgNode::start, "started")),
    LAG("lag", "NODE", "pause WAL replay on replica NODE: it falls behind",
            (env, args) -> done(args.node(), PgNode::pauseReplay, "paused replay on")),
    UNLAG("unlag", "NODE", "resume WAL replay on replica NODE",
            (env, args) -> done(args.node(), PgNode::resumeReplay, "resumed replay on")),
    LATENCY("latency", "NODE MILLIS", "delay traffic between pgrelay and NODE by MILLIS in each direction",
            (env, args) -> network(env.network(args.node()).addLatency(args.millis()), args)),
    SLOW("slow", "NODE MILLIS", "delay every query pgrelay sends to NODE by MILLIS",
            (env, args) -> network(env.network(args.node()).slowQueries(args.millis()), args)),
    BLACKHOLE("blackhole", "NODE", "let nothing through between pgrelay and NODE (connections hang)",
            (env, args) -> network(env.network(args.node()).blackhole(), args)),
    REFUSE("refuse", "NODE", "reset pgrelay's new connections to NODE; open ones keep working",
            (env, args) -> network(env.network(args.node()).refuseConnections(), args)),
    DROP("drop", "NODE", "reset pgrelay's open connections to NODE now",
            (env, args) -> network(env.network(args.node()).dropConnections(), args)),
    PARTITION("partition", "NODE", "refuse new and reset open connections between pgrelay and NODE",
            (env, args) -> network(env.network(args.node()).partition(), args)),
    HEAL("heal", "NODE", "remove every network fault of NODE", (env, args) -> network(env.network(args.node()).heal(), args));

    /** What the user typed after the fault's name, resolved against the environment. */
    record Arguments(PgRelayEnvironment env, List<String> words) {

        PgNode node() {
            String name = word(0, "NODE");
            return env.cluster().nodes().stream().filter(node -> node.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no node " + name + "; nodes are "
                            + env.cluster().nodes().stream().map(PgNode::name).collect(Collectors.joining(", "))));
        }

        Duration millis() {
            String text = word(1, "MILLIS");
            try {
                return Duration.ofMillis(Long.parseLong(text));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("MILLIS must be a whole number of milliseconds, got " + text);
            }
        }

        private String word(int index, String what) {
            if (words.size() <= index) {
                throw new IllegalArgumentException(what + " is missing");
            }
            return words.get(index);
        }
    }

    @FunctionalInterface
    interface Action {
        String run(PgRelayEnvironment env, Arguments args);
    }

    private final String command;
    private final String operands;
    private final String description;
    private final Action action;

    TestkitFault(String command, String operands, String description, Action action) {
        this.command = command;
        this.operands = operands;
        this.description = description;
        this.action = action;
    }

    static Optional<TestkitFault> named(String command) {
        return Arrays.stream(values()).filter(fault -> fault.command.equals(command)).findFirst();
    }

    /** One line per fault, for --help. */
    static List<String> usage() {
        return Arrays.stream(values())
                .map(fault -> String.format("  %-26s %s", fault.command + " " + fault.operands, fault.description))
                .toList();
    }

    String apply(PgRelayEnvironment env, List<String> words) {
        return action.run(env, new Arguments(env, words));
    }

    private static String promote(PgRelayEnvironment env, PgNode node) {
        node.promote();
        // Generous for a loaded CI machine; pgrelay notices within a few health checks.
        env.awaitRelayPrimary(node, Duration.ofSeconds(30));
        return node.name() + " is the primary";
    }

    private static String done(PgNode node, Consumer<PgNode> change, String verb) {
        change.accept(node);
        return verb + " " + node.name();
    }

    private static String network(FaultProxy proxy, Arguments args) {
        return args.node().name() + ": " + proxy.faults();
    }
}
