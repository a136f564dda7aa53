package dev.pgrelay.bench.idle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The resident set size of a process as Linux reports it (VmRSS in /proc/PID/status): what it really costs in RAM. */
final class ProcessMemory {
    private static final Pattern VM_RSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+) kB$");

    private ProcessMemory() {
    }

    /** VmRSS of process {@code pid}, in KiB. */
    static long residentKb(long pid) throws IOException {
        return parseVmRssKb(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
    }

    /** The VmRSS line of a /proc/PID/status text, in KiB. */
    static long parseVmRssKb(String status) {
        Matcher matcher = VM_RSS.matcher(status);
        if (!matcher.find()) {
            throw new IllegalArgumentException("no VmRSS line in /proc status (is the process a zombie?)");
        }
        return Long.parseLong(matcher.group(1));
    }
}
