package dev.pgrelay.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/** Reads pgrelay's YAML config into a validated {@link PgRelayConfig}; every problem is a {@link ConfigException}. */
public final class ConfigLoader {
    // A config file is a few kB; these bounds stop a hostile or broken file (alias bombs, deep nesting) early.
    private static final int MAX_CODE_POINTS = 1024 * 1024;
    private static final int MAX_NESTING_DEPTH = 20;
    private static final int MAX_ALIASES = 50;

    private ConfigLoader() {
    }

    public static PgRelayConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file", 0, null, e);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e, 0, null, e);
        }
        return parse(text, file.toString());
    }

    public static PgRelayConfig parse(String yaml, String sourceName) {
        return parse(yaml, sourceName, System::getenv);
    }

    /** @param environment looks up {@code ${VAR}} references; returns null for an undefined variable */
    public static PgRelayConfig parse(String yaml, String sourceName, Function<String, String> environment) {
        ConfigSource source = new ConfigSource(sourceName, new EnvironmentExpander(environment));
        Node document = compose(yaml, source);
        if (document == null) {
            throw source.problem(0, null, "the file is empty; it needs at least nodes and users, e.g.\n"
                    + "nodes:\n  - { host: 127.0.0.1, port: 5432 }\nusers:\n  - { name: app, password: \"${APP_PASSWORD}\" }");
        }
        return PgRelayConfig.read(YamlSection.root(document, source, PgRelayConfig.KEYS));
    }

    /** Parses to SnakeYAML's node tree only: no Java objects are constructed from the file's tags. */
    private static Node compose(String yaml, ConfigSource source) {
        try {
            return new Yaml(new SafeConstructor(loaderOptions())).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            throw source.problem(line, null, "YAML syntax error: " + e.getProblem() + context);
        } catch (YAMLException e) {
            throw source.problem(0, null, "YAML syntax error: " + e.getMessage());
        }
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setNestingDepthLimit(MAX_NESTING_DEPTH);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        return options;
    }
}
