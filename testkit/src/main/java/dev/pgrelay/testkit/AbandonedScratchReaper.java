package dev.pgrelay.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Stops the servers and deletes the scratch directories of JVMs that died without running their
 * shutdown hook (SIGKILL, a surefire timeout), so a crashed test run does not leak PostgreSQL processes.
 * A scratch directory's name carries its JVM's pid; a live pid means "still in use".
 */
final class AbandonedScratchReaper {

    private AbandonedScratchReaper() {
    }

    static void reap(Path tmp) {
        try (Stream<Path> entries = Files.list(tmp)) {
            entries.filter(AbandonedScratchReaper::isAbandonedScratch).forEach(AbandonedScratchReaper::reapOne);
        } catch (IOException e) {
            // Not being able to list the temp directory only means nothing gets reaped this time.
        }
    }

    /** Every directory below {@code root} (at most three levels down) that holds a PostgreSQL data directory. */
    static List<Path> dataDirectoriesIn(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.find(root, 3, (path, attrs) -> attrs.isDirectory() && Files.exists(path.resolve("PG_VERSION")))) {
            return paths.toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not look for data directories in " + root, e);
        }
    }

    private static boolean isAbandonedScratch(Path path) {
        String name = path.getFileName().toString();
        if (!name.startsWith(JvmScratch.PREFIX) || !Files.isDirectory(path)) {
            return false;
        }
        String[] parts = name.substring(JvmScratch.PREFIX.length()).split("-", 2);
        try {
            long pid = Long.parseLong(parts[0]);
            return ProcessHandle.of(pid).filter(Postmaster::isLive).isEmpty();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void reapOne(Path scratch) {
        try {
            dataDirectoriesIn(scratch).forEach(Postmaster::killWithChildren);
            DirectoryTrees.delete(scratch);
        } catch (RuntimeException e) {
            System.err.println("pgrelay testkit: could not clean up abandoned " + scratch + ": " + e);
        }
    }
}
