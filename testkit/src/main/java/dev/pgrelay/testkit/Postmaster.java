package dev.pgrelay.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds and kills the postmaster of a data directory through its {@code postmaster.pid} file.
 * A killed server whose parent is PID 1 can linger as a zombie until PID 1 reaps it; Java reports
 * zombies as alive, so every liveness check here also reads the process state from /proc.
 */
final class Postmaster {

    private static final String PID_FILE = "postmaster.pid";
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(15);

    private Postmaster() {
    }

    /** The running postmaster of {@code dataDir}, if its pid file names a live postgres process. */
    static Optional<ProcessHandle> find(Path dataDir) {
        return pidFromLockFile(dataDir)
                .flatMap(ProcessHandle::of)
                .filter(Postmaster::isLive)
                .filter(Postmaster::looksLikePostgres);
    }

    /** SIGKILLs the postmaster of {@code dataDir} and all its children, like {@code kill -9} of the whole server. */
    static void killWithChildren(Path dataDir) {
        find(dataDir).ifPresent(postmaster -> {
            // Snapshot the children first: once the postmaster is gone they are re-parented and hard to find.
            List<ProcessHandle> doomed = new ArrayList<>(postmaster.descendants().toList());
            postmaster.destroyForcibly();
            doomed.forEach(ProcessHandle::destroyForcibly);
            doomed.add(postmaster);
            Await.until("the killed server processes of " + dataDir + " are gone", EXIT_TIMEOUT,
                    () -> doomed.stream().noneMatch(Postmaster::isLive));
        });
        removeStaleLockFile(dataDir);
    }

    /**
     * Removes the lock files of a server whose postmaster is gone: {@code postmaster.pid} and the lock of
     * its Unix socket. PostgreSQL would refuse to start while a not-yet-reaped zombie still holds the pid
     * named in them, although the server they belong to is dead.
     */
    static void removeStaleLockFile(Path dataDir) {
        if (find(dataDir).isPresent()) {
            return;
        }
        Path pidFile = dataDir.resolve(PID_FILE);
        try {
            List<String> lines = Files.exists(pidFile) ? Files.readAllLines(pidFile) : List.of();
            // Lines 4 and 5 of postmaster.pid: port and first socket directory (see pidfile.h).
            if (lines.size() >= 5 && !lines.get(4).isBlank()) {
                Path socket = Path.of(lines.get(4).strip(), ".s.PGSQL." + lines.get(3).strip());
                Files.deleteIfExists(Path.of(socket + ".lock"));
                Files.deleteIfExists(socket);
            }
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove the stale lock files of " + dataDir, e);
        }
    }

    /** Alive and not a zombie. */
    static boolean isLive(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            // Format: "pid (comm) state ..." — comm may contain spaces, so read the state after the last ')'.
            String afterCommand = stat.substring(stat.lastIndexOf(')') + 1).strip();
            return !afterCommand.startsWith("Z") && !afterCommand.startsWith("X");
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            // No /proc (not Linux): trust isAlive().
            return true;
        }
    }

    private static boolean looksLikePostgres(ProcessHandle process) {
        // Guards against a recycled pid: only a postgres/postmaster executable can be our server.
        return process.info().command()
                .map(command -> command.endsWith("postgres") || command.endsWith("postmaster"))
                .orElse(true);
    }

    private static Optional<Long> pidFromLockFile(Path dataDir) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve(PID_FILE));
            return lines.isEmpty() || lines.get(0).isBlank() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).strip()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            // A pid file being written right now: treat as "no server yet".
            return Optional.empty();
        }
    }
}
