package dev.pgrelay.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `pgrelay testkit down`: stops the environment `testkit up` runs and waits until it is gone. */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Stop the running testkit (pgrelay, fault proxies, cluster) and wait until it is gone.")
final class TestkitDownCommand implements Callable<Integer> {
    private static final Duration GONE_TIMEOUT = Duration.ofMinutes(1);

    @Option(names = "--state", paramLabel = "FILE", description = "state file of `testkit up` (default: ${DEFAULT-VALUE})")
    Path stateFile = TestkitState.defaultPath();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Optional<String> state = TestkitState.read(stateFile);
        if (state.isEmpty()) {
            // Idempotent, so a test suite's teardown can always call it.
            return say("no testkit running (" + stateFile + " does not exist)");
        }
        if (TestkitState.isStale(state.get())) {
            // Its `up` was killed; the JVM's exit hook or the next testkit run reaps what it left behind.
            TestkitState.delete(stateFile);
            return say("the testkit of " + stateFile + " is not running any more; removed its state file");
        }
        if (!TestkitClient.send(spec, stateFile, List.of(TestkitControl.DOWN))) {
            return 1;
        }
        // `up` deletes the state file after everything has stopped: that is the moment `down` may return.
        long deadline = System.nanoTime() + GONE_TIMEOUT.toNanos();
        while (Files.exists(stateFile)) {
            if (System.nanoTime() > deadline) {
                spec.commandLine().getErr().println("testkit still running after " + GONE_TIMEOUT.toSeconds() + " s");
                return 1;
            }
            Thread.sleep(50);
        }
        return 0;
    }

    private int say(String message) {
        spec.commandLine().getOut().println(message);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
