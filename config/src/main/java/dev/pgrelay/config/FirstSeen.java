package dev.pgrelay.config;

import java.util.HashMap;
import java.util.Map;

/** Remembers where each value of a list was first given, so a repeat is reported together with the original's line. */
final class FirstSeen<K> {
    private final String what;
    private final Map<K, Integer> lines = new HashMap<>();

    /** @param what how the message names the value, e.g. "user" or "node address" */
    FirstSeen(String what) {
        this.what = what;
    }

    /** @throws ConfigException at {@code key} of {@code section} when {@code value} was claimed before */
    void claim(K value, YamlSection section, String key) {
        Integer firstLine = lines.putIfAbsent(value, section.line());
        if (firstLine != null) {
            throw section.error(key, "duplicate " + what + " '" + value + "' (first given at line " + firstLine + ")");
        }
    }
}
