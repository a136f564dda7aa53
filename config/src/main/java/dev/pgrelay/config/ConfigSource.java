package dev.pgrelay.config;

/** Where config text came from and how ${VAR} expands in it; turns a problem into a ConfigException saying where. */
final class ConfigSource {
    private final String name;
    private final EnvironmentExpander expander;

    ConfigSource(String name, EnvironmentExpander expander) {
        this.name = name;
        this.expander = expander;
    }

    /** Expands environment references; throws IllegalArgumentException naming an undefined variable. */
    String expand(String text) {
        return expander.expand(text);
    }

    /** An error about the value of {@code key}: {@code name:line: key: detail}. */
    ConfigException error(int line, String key, String detail) {
        return problem(line, key, key == null ? detail : key + ": " + detail);
    }

    /** An error whose message already names what it is about: {@code name:line: message}. */
    ConfigException problem(int line, String key, String message) {
        String location = line > 0 ? name + ":" + line : name;
        return new ConfigException(location + ": " + message, line, key);
    }
}
