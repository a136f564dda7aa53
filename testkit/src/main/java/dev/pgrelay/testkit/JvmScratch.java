package dev.pgrelay.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scratch directory of this JVM ({@code ${java.io.tmpdir}/pgrelay-testkit-<pid>-*}) that holds every
 * cluster and initdb template, and the one shutdown hook that closes clusters still open and then deletes
 * it. One hook, not one per cluster: hooks run concurrently, and the directory must go last.
 */
final class JvmScratch {

    static final String PREFIX = "pgrelay-testkit-";

    private static final Set<AutoCloseable> OPEN = ConcurrentHashMap.newKeySet();
    private static final Lazy<Path> DIRECTORY = new Lazy<>(JvmScratch::create);

    private JvmScratch() {
    }

    /** Creates the directory on first use, after cleaning up what crashed JVMs left behind. */
    static Path directory() {
        return DIRECTORY.get();
    }

    /** Closes {@code resource} at JVM exit unless {@link #forget} is called first. */
    static void closeAtExit(AutoCloseable resource) {
        directory();
        OPEN.add(resource);
    }

    static void forget(AutoCloseable resource) {
        OPEN.remove(resource);
    }

    private static Path create() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        AbandonedScratchReaper.reap(tmp);
        try {
            Path dir = Files.createTempDirectory(tmp, PREFIX + ProcessHandle.current().pid() + "-");
            Files.setPosixFilePermissions(dir, DirectoryTrees.OPEN_DIRECTORY);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> closeEverything(dir), "pgrelay-testkit-cleanup"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a scratch directory in " + tmp, e);
        }
    }

    private static void closeEverything(Path dir) {
        for (AutoCloseable resource : new ArrayList<>(OPEN)) {
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("pgrelay testkit: could not close " + resource + " at exit: " + e);
            }
        }
        // Whatever a failed close left running must not keep files (or a port) after we are gone.
        List<Path> dataDirs = AbandonedScratchReaper.dataDirectoriesIn(dir);
        dataDirs.forEach(Postmaster::killWithChildren);
        DirectoryTrees.delete(dir);
    }
}
