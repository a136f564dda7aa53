package dev.pgrelay.cli;

import dev.pgrelay.config.ConfigLoader;
import dev.pgrelay.config.PgRelayConfig;
import dev.pgrelay.proxy.ledger.LedgerFile;
import dev.pgrelay.proxy.ledger.LedgerReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `pgrelay report`: a readable summary of the availability ledger — write and read availability with their
 * nines, and every failover with its RTO and RPO. Reads the ledger file, so it works with pgrelay stopped.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Summarise the availability ledger: availability %%, nines, failovers with RTO and RPO.")
final class ReportCommand implements Callable<Integer> {

    /** Either the config (whose ledger.path is read) or the ledger file itself. */
    static final class Source {
        @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "pgrelay.yaml whose ledger.path to read")
        Path configFile;

        @Option(names = {"-l", "--ledger"}, paramLabel = "FILE", description = "the ledger file (JSON lines)")
        Path ledgerFile;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path ledger = source.ledgerFile;
        if (ledger == null) {
            PgRelayConfig config = ConfigLoader.load(source.configFile);
            if (config.ledger().path().isEmpty()) {
                spec.commandLine().getErr().println(source.configFile + " sets no ledger.path: pgrelay keeps no ledger");
                return 1;
            }
            ledger = config.ledger().path().get();
        }
        spec.commandLine().getOut().print("ledger " + ledger + "\n"
                + LedgerReport.format(new LedgerFile(ledger).read()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
