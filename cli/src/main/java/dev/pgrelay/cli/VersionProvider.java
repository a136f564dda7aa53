package dev.pgrelay.cli;

import dev.pgrelay.PgRelay;
import picocli.CommandLine.IVersionProvider;

/** Answers `pgrelay --version` with the version the build stamped into pgrelay. */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"pgrelay " + PgRelay.version()};
    }
}
