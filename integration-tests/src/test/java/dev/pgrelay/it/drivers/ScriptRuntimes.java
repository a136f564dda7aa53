package dev.pgrelay.it.drivers;

import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Finds the interpreters the driver scripts need; when one is missing the test is skipped, saying how to get it. */
final class ScriptRuntimes {

    /** Surefire runs in the module directory; CI runs {@code npm ci} here before {@code ./mvnw verify}. */
    static final Path NODE_PROJECT = Path.of("src/test/node");
    static final Path PYTHON_SCRIPTS = Path.of("src/test/python");

    private ScriptRuntimes() {
    }

    /**
     * Debian's python3-psycopg is installed for /usr/bin/python3, while the python3 first on PATH may be another
     * one (pyenv, a virtualenv) without it, so the system interpreter is asked first.
     */
    static Path pythonWithPsycopg() {
        return pythonImporting("psycopg", "python3-psycopg", "the psycopg driver test");
    }

    /** A python3 that can import {@code modules} (comma-separated), or the test is skipped naming {@code packages}. */
    static Path pythonImporting(String modules, String packages, String test) {
        List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/bin/python3")));
        candidates.addAll(onPath("python3"));
        for (Path python : candidates) {
            if (runsSuccessfully(python, "-c", "import " + modules)) {
                return python;
            }
        }
        return abort("no python3 (tried " + candidates + ") can import " + modules + ": install " + packages
                + " (.ci/run does); skipping " + test);
    }

    /** The node executable, once the npm package the script imports is installed in {@link #NODE_PROJECT}. */
    static Path nodeWithPackage(String npmPackage) {
        Path node = onPath("node").stream().filter(candidate -> runsSuccessfully(candidate, "--version"))
                .findFirst()
                .orElseGet(() -> abort("node is not installed; skipping the " + npmPackage + " driver test"));
        if (!Files.isRegularFile(NODE_PROJECT.resolve("node_modules").resolve(npmPackage).resolve("package.json"))) {
            abort("npm package " + npmPackage + " is not installed: run `npm ci` in "
                    + NODE_PROJECT.toAbsolutePath() + " (.ci/run does); skipping the " + npmPackage + " driver test");
        }
        return node;
    }

    private static List<Path> onPath(String executable) {
        String path = System.getenv().getOrDefault("PATH", "");
        List<Path> found = new ArrayList<>();
        for (String directory : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory, executable);
            if (Files.isExecutable(candidate)) {
                found.add(candidate);
            }
        }
        return found;
    }

    private static boolean runsSuccessfully(Path executable, String... arguments) {
        if (!Files.isExecutable(executable)) {
            return false;
        }
        List<String> command = new ArrayList<>(List.of(executable.toString()));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
