package dev.pgrelay.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs one external command to completion within a deadline and returns its exit code and output. */
final class OsCommand {

    /** What a finished command left behind. */
    record Result(List<String> command, int exitCode, String output) {

        boolean succeeded() {
            return exitCode == 0;
        }

        /** Returns this result if the command succeeded, else throws with the command line and its output. */
        Result orFail(String what) {
            if (!succeeded()) {
                throw new ClusterException(what + " failed (exit " + exitCode + "): " + String.join(" ", command)
                        + System.lineSeparator() + output.strip());
            }
            return this;
        }
    }

    private OsCommand() {
    }

    static Result run(List<String> command, Path workDir, Duration timeout) {
        return run(command, workDir, Map.of(), timeout);
    }

    /**
     * Runs {@code command} in {@code workDir} with the JVM's environment minus every {@code PG*} variable
     * (a developer's PGHOST or PGPORT must not redirect our tools) plus {@code extraEnv}.
     */
    static Result run(List<String> command, Path workDir, Map<String, String> extraEnv, Duration timeout) {
        Path output = null;
        try {
            // A file, not a pipe: a daemon started by the command (pg_ctl start) must never keep us reading.
            output = Files.createTempFile("pgrelay-command-", ".out");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
            builder.environment().putAll(extraEnv);
            Process process = startProcess(builder, command);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new ClusterException("timed out after " + timeout.toSeconds() + " s: " + String.join(" ", command)
                        + System.lineSeparator() + Files.readString(output, StandardCharsets.UTF_8).strip());
            }
            return new Result(command, process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ClusterException("could not run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted while running " + String.join(" ", command), e);
        } finally {
            if (output != null) {
                deleteQuietly(output);
            }
        }
    }

    private static Process startProcess(ProcessBuilder builder, List<String> command) {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new ClusterException("could not start '" + command.get(0) + "' (is it installed and on PATH?)", e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A leftover empty file in java.io.tmpdir is not worth failing a test for.
        }
    }
}
