package dev.pgrelay.bench.idle;

import java.net.InetSocketAddress;
import java.util.Optional;

/** A pooler to measure: a name for the report, where clients connect, and the process whose memory counts. */
record Target(String name, InetSocketAddress address, long pid) {

    /**
     * Parses {@code name=host:port:pid}, e.g. {@code pgrelay=127.0.0.1:6432:4711}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static Target parse(String spec) {
        int equals = spec.indexOf('=');
        String[] parts = spec.substring(equals + 1).split(":");
        if (equals <= 0 || parts.length != 3) {
            throw new IllegalArgumentException("a target is name=host:port:pid, got \"" + spec + "\"");
        }
        try {
            return new Target(spec.substring(0, equals), new InetSocketAddress(parts[0], Integer.parseInt(parts[1])),
                    Long.parseLong(parts[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port and pid must be numbers in \"" + spec + "\"");
        }
    }

    /** Whether the process is a JVM, whose heap can be asked for with jcmd. */
    boolean isJvm() {
        Optional<String> command = ProcessHandle.of(pid).flatMap(process -> process.info().command());
        return command.map(path -> path.endsWith("/java")).orElse(false);
    }
}
