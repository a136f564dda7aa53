package dev.pgrelay.cli;

import picocli.CommandLine.Command;

/**
 * `pgrelay testkit up|fault|down`: the JUnit testkit for test suites in any language — a throw-away cluster
 * with pgrelay in front, kept running by `up`, driven through failovers and network faults by `fault`.
 */
@Command(name = "testkit", mixinStandardHelpOptions = true,
        description = "Run a throw-away PostgreSQL cluster with pgrelay in front for tests, and inject faults into it.",
        subcommands = {TestkitUpCommand.class, TestkitFaultCommand.class, TestkitDownCommand.class})
final class TestkitCommand {
}
