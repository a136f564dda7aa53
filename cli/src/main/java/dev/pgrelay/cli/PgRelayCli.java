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

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with pgrelay's error reporting; main and the tests execute the same one. */
    public static CommandLine commandLine() {
        return new CommandLine(new PgRelayCli()).setExecutionExceptionHandler(new UserErrorHandler());
    }
}
