package dev.pgrelay.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** The client side of {@link TestkitControl} for `fault` and `down`: finds `up` through the state file, asks, prints. */
final class TestkitClient {

    private TestkitClient() {}

    /** Sends {@code command}, prints the answer (stdout if ok, stderr if not) and says whether it succeeded. */
    static boolean send(CommandSpec spec, Path stateFile, List<String> command) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String state = TestkitState.read(stateFile).orElse(null);
        if (state == null) {
            err.println("no testkit running: " + stateFile + " does not exist (start one with `pgrelay testkit up`)");
            err.flush();
            return false;
        }
        String answer;
        try {
            answer = TestkitControl.request(Integer.parseInt(TestkitState.field(state, TestkitState.CONTROL_PORT)),
                    TestkitState.field(state, TestkitState.TOKEN), command);
        } catch (IOException e) {
            err.println("the testkit of " + stateFile + " does not answer (" + e.getMessage() + "); is it still running?");
            err.flush();
            return false;
        }
        boolean ok = answer.startsWith("ok");
        (ok ? out : err).println(answer.substring(answer.indexOf(' ') + 1));
        (ok ? out : err).flush();
        return ok;
    }
}
