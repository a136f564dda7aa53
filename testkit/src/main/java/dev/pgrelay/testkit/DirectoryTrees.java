package dev.pgrelay.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Copies, opens up and deletes whole directory trees (data directories, caches, scratch space). */
final class DirectoryTrees {

    /** rwxr-xr-x: PostgreSQL (possibly another OS user) must be able to enter our scratch directories. */
    static final Set<PosixFilePermission> OPEN_DIRECTORY = PosixFilePermissions.fromString("rwxr-xr-x");

    private static final Duration COPY_TIMEOUT = Duration.ofMinutes(2);

    private DirectoryTrees() {
    }

    /**
     * Copies the stopped data directory {@code source} to {@code target} (which must not exist) as the
     * PostgreSQL OS user, keeping modes, so the copy is 0700 and owned by that user as PostgreSQL demands.
     * {@code cp -a} does in ~0.2 s what a Java tree walk with attribute copies needs ~0.6 s for.
     */
    static void copyDataDirectory(Path source, Path target, ServerOsUser osUser) {
        if (Files.exists(source.resolve("postmaster.pid"))) {
            throw new ClusterException("refusing to copy " + source + ": a server may be running in it");
        }
        List<String> copy = List.of("cp", "-a", source.toString(), target.toString());
        OsCommand.run(osUser.commandLine(copy), target.getParent(), COPY_TIMEOUT).orFail("copying " + source);
    }

    /** Deletes {@code root} and everything below it; a missing tree is already deleted. */
    static void delete(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    // A server that is still shutting down may remove its own files under our feet.
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null && !(e instanceof NoSuchFileException)) {
                        throw e;
                    }
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + root, e);
        }
    }

    /** Lets every OS user read the tree and enter its directories, and run what is executable for its owner. */
    static void openForReading(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Files.setPosixFilePermissions(dir, OPEN_DIRECTORY);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isRegularFile()) {
                        Set<PosixFilePermission> permissions = EnumSet.copyOf(Files.getPosixFilePermissions(file));
                        permissions.add(PosixFilePermission.GROUP_READ);
                        permissions.add(PosixFilePermission.OTHERS_READ);
                        if (permissions.contains(PosixFilePermission.OWNER_EXECUTE)) {
                            permissions.add(PosixFilePermission.GROUP_EXECUTE);
                            permissions.add(PosixFilePermission.OTHERS_EXECUTE);
                        }
                        Files.setPosixFilePermissions(file, permissions);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not open " + root + " for reading", e);
        }
    }
}
