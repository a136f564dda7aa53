package dev.pgrelay.proxy.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ledger on disk: append-only JSON lines (see {@link JsonLine}), one record per line, so that it survives
 * restarts and a torn last line after a crash costs only that line.
 */
public final class LedgerFile {
    private final Path path;

    public LedgerFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** Everything recorded so far, oldest first; an absent file is an empty ledger. */
    public record Contents(List<FailoverRecord> failovers, List<AvailabilityRecord> availability,
                           List<String> unreadableLines) {
    }

    public Contents read() {
        List<FailoverRecord> failovers = new ArrayList<>();
        List<AvailabilityRecord> availability = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        if (!Files.exists(path)) {
            return new Contents(failovers, availability, unreadable);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ledger " + path + ": " + e.getMessage(), e);
        }
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            try {
                Map<String, Object> fields = JsonLine.parse(line);
                Object type = fields.get("type");
                if (FailoverRecord.TYPE.equals(type)) {
                    failovers.add(FailoverRecord.fromJson(fields));
                } else if (AvailabilityRecord.TYPE.equals(type)) {
                    availability.add(AvailabilityRecord.fromJson(fields));
                } else {
                    unreadable.add(line);
                }
            } catch (RuntimeException e) {   // a torn line after a crash, or someone's edit
                unreadable.add(line);
            }
        }
        return new Contents(failovers, availability, unreadable);
    }

    void append(String jsonLine) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(path, jsonLine + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }
}
