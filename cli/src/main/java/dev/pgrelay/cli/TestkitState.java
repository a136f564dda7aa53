package dev.pgrelay.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The state file of a running `pgrelay testkit up`: the JSON it printed plus its control port and the token a
 * fault command must present. Readable by its owner only, because the token lets anyone who has it kill nodes.
 */
final class TestkitState {

    static final String CONTROL_PORT = "control_port";
    static final String TOKEN = "token";
    static final String PID = "pid";

    private TestkitState() {}

    /** The default path, one per user and machine, so `up` and `fault` agree without options. */
    static Path defaultPath() {
        return Path.of(System.getProperty("java.io.tmpdir"), "pgrelay-testkit-" + System.getProperty("user.name") + ".json");
    }

    /** Writes {@code fields} as JSON, atomically (a reader never sees half a file), mode 600. */
    static void write(Path file, Map<String, Object> fields) {
        try {
            Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".pgrelay-testkit-", ".json",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, Json.write(fields) + "\n");
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the testkit state file " + file, e);
        }
    }

    static Optional<String> read(Path file) {
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the testkit state file " + file, e);
        }
    }

    /** A top-level string or number field of the state file; the file is ours, so its shape is known. */
    static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(?:\"([^\"]*)\"|(\\d+))").matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("the testkit state file has no \"" + name + "\"");
        }
        return matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
    }

    /** Whether the `up` that wrote this state has died without cleaning up (kill -9, a crash). */
    static boolean isStale(String json) {
        return ProcessHandle.of(Long.parseLong(field(json, PID))).filter(ProcessHandle::isAlive).isEmpty();
    }

    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the testkit state file " + file, e);
        }
    }
}
