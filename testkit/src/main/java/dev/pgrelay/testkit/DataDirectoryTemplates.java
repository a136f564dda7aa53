package dev.pgrelay.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prepares, once per (binaries, user, password, database), a cleanly stopped data directory: initdb with the
 * user as SCRAM superuser, then the database created. Every node of every cluster starts as a copy of it —
 * several times faster than initdb plus CREATE DATABASE, and copies of one stopped directory are a primary and
 * its standbys without any base backup. Templates are kept in the {@link CacheDirectory}, so later JVMs (every
 * `pgrelay testkit up`, the next test run) skip initdb too.
 */
final class DataDirectoryTemplates {

    private static final Duration INITDB_TIMEOUT = Duration.ofMinutes(3);
    /** Part of every template's key: bump it when what a template contains changes, so old caches go unused. */
    private static final String TEMPLATE_FORMAT = "1";
    private static final Map<String, Path> TEMPLATES = new ConcurrentHashMap<>();

    private DataDirectoryTemplates() {
    }

    /** The template's data directory. Copy it; never start or modify it. */
    static Path templateFor(PgBinaries binaries, String user, String password, String database) {
        String key = keyOf(binaries, user, password, database);
        // computeIfAbsent serialises creation per key, so parallel first clusters do not both run initdb.
        return TEMPLATES.computeIfAbsent(key, k -> {
            Path cached = CacheDirectory.root().resolve("templates").resolve(k);
            if (Files.exists(cached.resolve("PG_VERSION"))) {
                return cached;
            }
            return keep(create(binaries, user, password, database, k), cached);
        });
    }

    /**
     * Moves a fresh template into the cache with one rename, so another JVM sees all of it or nothing; if one got
     * there first, its copy is used. Where the cache is on another file system, the JVM's own copy serves.
     */
    private static Path keep(Path created, Path cached) {
        try {
            Files.createDirectories(cached.getParent());
            Files.move(created, cached, StandardCopyOption.ATOMIC_MOVE);
            return cached;
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException anotherJvmWasFaster) {
            return cached;
        } catch (IOException e) {
            return created;
        }
    }

    private static Path create(PgBinaries binaries, String user, String password, String database, String key) {
        ServerOsUser osUser = ServerOsUser.current();
        Path holder = JvmScratch.directory().resolve("template-" + key);
        try {
            Files.createDirectory(holder);
            Files.setPosixFilePermissions(holder, DirectoryTrees.OPEN_DIRECTORY);
            osUser.handOver(holder);
            ClusterContext context = new ClusterContext(binaries, osUser, holder, user, password, new ServerConfigFiles(osUser));
            PgNode template = new PgNode("data", context);
            initdb(context, template.dataDir());
            context.configFiles().includeNodeSettings(template.dataDir());
            if (!database.equals("postgres")) {
                createDatabase(template, database);
            }
            return template.dataDir();
        } catch (IOException e) {
            DirectoryTrees.delete(holder);
            throw new UncheckedIOException("could not create a data directory template in " + holder, e);
        } catch (RuntimeException e) {
            DirectoryTrees.delete(holder);
            throw e;
        }
    }

    private static void initdb(ClusterContext context, Path dataDir) throws IOException {
        Path passwordFile = context.directory().resolve("password");
        Files.writeString(passwordFile, context.password() + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        context.osUser().handOver(passwordFile);
        try {
            List<String> initdb = List.of(context.binaries().bin("initdb").toString(), "-D", dataDir.toString(),
                    "-U", context.user(), "--pwfile=" + passwordFile, "--auth=scram-sha-256",
                    "-E", "UTF8", "--locale=C", "--no-sync", "--wal-segsize=1");
            OsCommand.run(context.osUser().commandLine(initdb), context.directory(), INITDB_TIMEOUT).orFail("initdb");
        } finally {
            Files.deleteIfExists(passwordFile);
        }
    }

    private static void createDatabase(PgNode template, String database) {
        template.startOnFreePort();
        try (Connection connection = template.connect("postgres"); Statement statement = connection.createStatement()) {
            // FILE_COPY (PostgreSQL 15's WAL_LOG default would put the whole database into WAL, copied with every node).
            String strategy = connection.getMetaData().getDatabaseMajorVersion() >= 15 ? " STRATEGY = FILE_COPY" : "";
            statement.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"" + strategy);
        } catch (SQLException e) {
            throw new ClusterException("could not create database " + database + " in the template: " + e.getMessage(), e);
        } finally {
            // A clean shutdown: copies of the directory must need no crash recovery.
            template.stop(StopMode.FAST);
        }
    }

    private static String keyOf(PgBinaries binaries, String user, String password, String database) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : List.of(TEMPLATE_FORMAT, binaries.directory().toString(), binaries.version(), user, password,
                    database)) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            // The password must not appear in a directory name; a hash prefix keeps keys apart.
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
