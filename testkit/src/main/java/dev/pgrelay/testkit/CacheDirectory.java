package dev.pgrelay.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Where the testkit keeps what outlives a JVM (extracted PostgreSQL binaries): {@code $PGRELAY_CACHE_DIR},
 * else {@code ~/.cache/pgrelay}; as root {@code ${java.io.tmpdir}/pgrelay-cache}, because the OS user that
 * runs PostgreSQL cannot enter root's home.
 */
final class CacheDirectory {

    private CacheDirectory() {
    }

    static Path root() {
        String configured = System.getenv("PGRELAY_CACHE_DIR");
        Path root;
        if (configured != null && !configured.isBlank()) {
            root = Path.of(configured);
        } else if (ServerOsUser.current().switchesUser()) {
            root = Path.of(System.getProperty("java.io.tmpdir"), "pgrelay-cache");
        } else {
            root = Path.of(System.getProperty("user.home"), ".cache", "pgrelay");
        }
        return prepare(root);
    }

    private static Path prepare(Path root) {
        try {
            Files.createDirectories(root);
            // In a shared temp directory anybody could have planted this directory with binaries we would run.
            int owner = (Integer) Files.getAttribute(root, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(root, LinkOption.NOFOLLOW_LINKS);
            if (Files.isSymbolicLink(root) || owner != ServerOsUser.current().jvmUid()
                    || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new ClusterException("refusing to use cache directory " + root
                        + ": it is a symlink, writable by others or owned by another user (set PGRELAY_CACHE_DIR)");
            }
            Files.setPosixFilePermissions(root, DirectoryTrees.OPEN_DIRECTORY);
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare cache directory " + root, e);
        }
    }
}
