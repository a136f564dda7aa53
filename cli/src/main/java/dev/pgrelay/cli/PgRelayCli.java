package dev.pgrelay.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `pgrelay` command: parses the arguments, runs the chosen subcommand and exits with its code. */
@Command(
        name = "pgrelay",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A PostgreSQL connection pooler and load-balancing proxy.",
        subcommands = {RunCommand.class, CheckConfigCommand.class, DemoCommand.class, ReportCommand.class,
                TestkitCommand.class})
public final class PgRelayCli {

    private static final String LEAK_DETECTION = "io.netty.leakDetection.level";

    public static void main(String[] args) {
        // Netty's default leak detection records a stack trace for one buffer in 128: a debugging aid that showed up
        // in pgrelay's profile under load. The launcher turns it off unless asked for (-Dio.netty.leakDetection.level);
        // the tests run with it at paranoid, and pgrelay embedded in a test JVM keeps whatever that JVM has.
        if (System.getProperty(LEAK_DETECTION) == null) {
            System.setProperty(LEAK_DETECTION, "disabled");
        }
        System.exit(commandLine().execute(args));
    }

    /** The command line with pgrelay's error reporting; main and the tests execute the same one. */
    public static CommandLine commandLine() {
        return new CommandLine(new PgRelayCli()).setExecutionExceptionHandler(new UserErrorHandler());
    }
}
