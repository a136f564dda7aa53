package dev.pgrelay.bench.idle;

import java.io.IOException;
import java.util.OptionalLong;

/** What a process uses at one moment: its RSS and, for a JVM, its live heap after a full GC. */
record MemorySample(long residentKb, OptionalLong heapUsedKb) {

    /** Samples process {@code pid}; the heap too when it is a JVM (collected first, so the number is live data). */
    static MemorySample of(long pid, boolean jvm) throws IOException {
        OptionalLong heap = jvm ? OptionalLong.of(JvmHeap.usedKbAfterGc(pid)) : OptionalLong.empty();
        return new MemorySample(ProcessMemory.residentKb(pid), heap);
    }
}
