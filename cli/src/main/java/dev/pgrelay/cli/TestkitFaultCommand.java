package dev.pgrelay.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `pgrelay testkit fault FAULT [NODE] [MILLIS]`: injects one fault into the environment `testkit up` runs. */
@Command(name = "fault", mixinStandardHelpOptions = true,
        description = "Inject a fault into the running testkit; returns when it has taken effect.",
        footerHeading = "%nFaults (NODE is node0 for the first primary, node1… for replicas):%n")
final class TestkitFaultCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FAULT", description = "what to do, see below")
    String fault;

    @Parameters(index = "1..*", paramLabel = "ARG", description = "NODE and MILLIS where the fault needs them")
    List<String> arguments = new ArrayList<>();

    @Option(names = "--state", paramLabel = "FILE", description = "state file of `testkit up` (default: ${DEFAULT-VALUE})")
    Path stateFile = TestkitState.defaultPath();

    CommandSpec spec;

    /** picocli hands over the command's spec here; the footer lists the faults under --help. */
    @Spec
    void spec(CommandSpec commandSpec) {
        this.spec = commandSpec;
        commandSpec.usageMessage().footer(TestkitFault.usage().toArray(String[]::new));
    }

    @Override
    public Integer call() throws Exception {
        List<String> command = new ArrayList<>(List.of(fault));
        command.addAll(arguments);
        return TestkitClient.send(spec, stateFile, command) ? 0 : 1;
    }
}
