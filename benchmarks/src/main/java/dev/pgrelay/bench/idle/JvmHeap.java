package dev.pgrelay.bench.idle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live heap of another JVM: asks it for a full GC and then for its heap usage with {@code jcmd}, so what
 * remains is what the process holds on to, not garbage that happens not to be collected yet.
 */
final class JvmHeap {
    /** "used 12345K" on a heap or generation line; percentages ("6% used") do not match. */
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private JvmHeap() {
    }

    /** Used heap of JVM {@code pid} right after a full GC, in KiB. */
    static long usedKbAfterGc(long pid) throws IOException {
        jcmd(pid, "GC.run");
        return parseUsedKb(jcmd(pid, "GC.heap_info"));
    }

    /**
     * Sums the "used" of the heap lines of a {@code GC.heap_info} answer: one line for G1, one per generation for
     * Parallel and Serial GC; Metaspace and what follows it are not heap.
     */
    static long parseUsedKb(String heapInfo) {
        long usedKb = 0;
        boolean found = false;
        for (String line : heapInfo.split("\n")) {
            if (line.strip().startsWith("Metaspace")) {
                break;
            }
            Matcher matcher = USED.matcher(line);
            if (matcher.find()) {
                usedKb += Long.parseLong(matcher.group(1));
                found = true;
            }
        }
        if (!found) {
            throw new IllegalArgumentException("no heap usage in jcmd GC.heap_info output: " + heapInfo.strip());
        }
        return usedKb;
    }

    private static String jcmd(long pid, String command) throws IOException {
        Process process = new ProcessBuilder(List.of("jcmd", Long.toString(pid), command))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IOException("jcmd " + pid + " " + command + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for jcmd", e);
        }
        return output;
    }
}
