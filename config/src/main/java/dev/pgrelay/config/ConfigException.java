package dev.pgrelay.config;

/** A configuration problem, with the file line and key path it concerns so the operator can find it. */
public final class ConfigException extends RuntimeException {
    private final int line;
    private final String key;

    /**
     * @param message the complete human message, already naming source, line and key
     * @param line    1-based line in the source, 0 when the problem has no line (e.g. unreadable file)
     * @param key     key path such as {@code pool.size} or {@code nodes[1].port}; null when not about a key
     */
    public ConfigException(String message, int line, String key) {
        this(message, line, key, null);
    }

    public ConfigException(String message, int line, String key, Throwable cause) {
        super(message, cause);
        this.line = line;
        this.key = key;
    }

    /** 1-based line of the offending text, 0 if unknown. */
    public int line() {
        return line;
    }

    /** Path of the offending key, e.g. {@code pool.size} or {@code nodes[1].port}; may be null. */
    public String key() {
        return key;
    }
}
