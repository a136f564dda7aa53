package dev.pgrelay.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * `java -jar pgrelay.jar ARGS…` — the shaded jar the build produced, run as users run it, so tests can send
 * it real signals and read its exit code. Output goes to files in a test's directory; {@link #close()} kills
 * the process if a test left it running.
 */
final class PgRelayProcess implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(100);
    static final int SIGHUP = 1;
    static final int SIGINT = 2;

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private PgRelayProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static PgRelayProcess start(Path outputDirectory, String... args) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String jar = System.getProperty("pgrelay.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("pgrelay.jar not found (" + jar + "): run these tests with `mvn verify`");
        }
        List<String> command = new ArrayList<>(List.of(java.toString(), "-jar", jar));
        command.addAll(List.of(args));
        Path stdout = outputDirectory.resolve("stdout.txt");
        Path stderr = outputDirectory.resolve("stderr.txt");
        Process process = new ProcessBuilder(command)
                .redirectInput(new File("/dev/null"))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        return new PgRelayProcess(process, stdout, stderr);
    }

    /**
     * Whether this JVM ignores {@code signal} (Linux). A shell starts background jobs with SIGINT ignored, nohup
     * ignores SIGHUP; the ignoring is inherited across exec, and the JVM then leaves the signal ignored — so a
     * child could never get one.
     */
    static boolean ignoredHere(int signal) throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return false;
        }
        return Files.readAllLines(status).stream()
                .filter(line -> line.startsWith("SigIgn:"))
                .map(line -> new BigInteger(line.substring("SigIgn:".length()).trim(), 16))
                .anyMatch(ignored -> ignored.testBit(signal - 1));
    }

    String stdout() {
        return read(stdout);
    }

    String stderr() {
        return read(stderr);
    }

    /** Everything it printed, for failure messages. */
    String output() {
        return "--- stdout\n" + stdout() + "--- stderr\n" + stderr();
    }

    /** Waits for a stdout line matching {@code wanted} and returns it. */
    String awaitStdoutLine(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        return awaitLine(stdout, wanted, timeout);
    }

    /** Waits for a stderr (log) line containing {@code text} and returns it. */
    String awaitStderr(String text, Duration timeout) throws InterruptedException {
        return awaitLine(stderr, line -> line.contains(text), timeout);
    }

    void assertAlive() {
        if (!process.isAlive()) {
            throw new AssertionError("pgrelay exited " + process.exitValue() + " early:\n" + output());
        }
    }

    /** Sends SIG{@code name} (e.g. "TERM", "INT") the way `kill` from a shell would. */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** Waits up to {@code timeout} for the process to end with {@code expected}; fails showing its output. */
    void assertExitsWith(int expected, Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("pgrelay still running after " + timeout + ":\n" + output());
        }
        if (process.exitValue() != expected) {
            throw new AssertionError("pgrelay exited " + process.exitValue() + ", expected " + expected + ":\n" + output());
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly().onExit().join();
        }
    }

    /** Polls {@code file} for a matching line; fails early, showing the output, if the process exits first. */
    private String awaitLine(Path file, Predicate<String> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<String> line = read(file).lines().filter(wanted).findFirst();
            if (line.isPresent()) {
                return line.get();
            }
            assertAlive();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no such line within " + timeout + ":\n" + output());
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
