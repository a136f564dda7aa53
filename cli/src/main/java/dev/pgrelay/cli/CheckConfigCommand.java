package dev.pgrelay.cli;

import dev.pgrelay.config.ConfigLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `pgrelay check-config FILE`: validates a config and prints it as pgrelay understands it, defaults included. */
@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = "Validate FILE and print the effective configuration. Exits 1 naming the key and line of an error.")
final class CheckConfigCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "pgrelay.yaml to check")
    Path configFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        // An invalid file throws ConfigException, which UserErrorHandler reports as one line, exit 1.
        String effective = ConfigLoader.load(configFile).toYaml();
        spec.commandLine().getOut().print(effective);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
