package dev.pgrelay.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One YAML mapping of the config file with typed access to its keys. Unknown and duplicate keys are rejected
 * up front; every later failure is a ConfigException naming the key path and line. An absent or null value
 * means "use the default".
 */
final class YamlSection {
    /** The tags SnakeYAML's resolver gives untagged scalars; anything else was written on purpose and is refused. */
    private static final Set<Tag> PLAIN_SCALAR_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.TIMESTAMP);

    private final ConfigSource source;
    private final String path;
    private final int line;
    private final List<String> knownKeys;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    /** @param mapping null for a section the file leaves out; {@code line} is then where its parent starts */
    private YamlSection(ConfigSource source, String path, int line, List<String> knownKeys, MappingNode mapping) {
        this.source = source;
        this.path = path;
        this.line = line;
        this.knownKeys = knownKeys;
        if (mapping != null) {
            mapping.getValue().forEach(this::addEntry);
        }
    }

    /** The whole document, which must be a mapping with only {@code knownKeys}. */
    static YamlSection root(Node document, ConfigSource source, List<String> knownKeys) {
        if (!(document instanceof MappingNode mapping)) {
            throw source.problem(lineOf(document), null, "expected a mapping of settings (" + String.join(", ", knownKeys)
                    + ") at the top level, got " + describe(document));
        }
        return new YamlSection(source, "", lineOf(document), knownKeys, mapping);
    }

    private void addEntry(NodeTuple entry) {
        Node keyNode = entry.getKeyNode();
        if (!(keyNode instanceof ScalarNode scalarKey)) {
            throw source.error(lineOf(keyNode), pathOrNull(), "keys must be plain names, got " + describe(keyNode));
        }
        String name = scalarKey.getValue();
        if (!knownKeys.contains(name)) {
            throw source.problem(lineOf(keyNode), child(name), "unknown key '" + child(name) + "' (expected one of: "
                    + String.join(", ", knownKeys) + ")");
        }
        NodeTuple first = entries.putIfAbsent(name, entry);
        if (first != null) {
            throw source.error(lineOf(keyNode), child(name),
                    "duplicate key (first given at line " + lineOf(first.getKeyNode()) + ")");
        }
    }

    /** Line where this section starts (or, when the file leaves it out, where its parent starts). */
    int line() {
        return line;
    }

    <T> T get(String key, T fallback, Function<String, T> parser) {
        return optional(key, parser).orElse(fallback);
    }

    <T> T require(String key, Function<String, T> parser) {
        return optional(key, parser).orElseThrow(() -> error(key, "required key is missing"));
    }

    <T> Optional<T> optional(String key, Function<String, T> parser) {
        return valueNode(key).map(node -> parseScalar(node, child(key), parser));
    }

    int integer(String key, int fallback, int min, int max) {
        return get(key, fallback, text -> Scalars.wholeNumber(text, min, max));
    }

    OptionalInt optionalInteger(String key, int min, int max) {
        return optional(key, text -> Scalars.wholeNumber(text, min, max))
                .map(OptionalInt::of).orElseGet(OptionalInt::empty);
    }

    boolean bool(String key, boolean fallback) {
        return get(key, fallback, Scalars::bool);
    }

    Duration duration(String key, Duration fallback) {
        return get(key, fallback, Durations::parse);
    }

    <E extends Enum<E> & ConfigName> E choice(String key, E fallback) {
        return get(key, fallback, text -> ConfigName.parse(fallback.getDeclaringClass(), text));
    }

    /** A nested mapping; when the file leaves it out, an empty section so every key takes its default. */
    YamlSection section(String key, List<String> keys) {
        return optionalSection(key, keys).orElseGet(() -> new YamlSection(source, child(key), line, keys, null));
    }

    Optional<YamlSection> optionalSection(String key, List<String> keys) {
        return valueNode(key).map(node -> new YamlSection(source, child(key), lineOf(node), keys, mapping(node, child(key))));
    }

    /** A list of mappings, e.g. {@code nodes}; empty when absent. */
    List<YamlSection> sectionList(String key, List<String> itemKeys) {
        List<Node> items = items(key);
        List<YamlSection> sections = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            String itemPath = child(key) + "[" + i + "]";
            sections.add(new YamlSection(source, itemPath, lineOf(items.get(i)), itemKeys, mapping(items.get(i), itemPath)));
        }
        return List.copyOf(sections);
    }

    /** A list of scalars, e.g. {@code admin_users}; each item goes through {@code parser}; empty when absent. */
    <T> List<T> list(String key, Function<String, T> parser) {
        List<Node> items = items(key);
        List<T> values = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            values.add(parseScalar(items.get(i), child(key) + "[" + i + "]", parser));
        }
        return List.copyOf(values);
    }

    /** An error about {@code key}, at the line of its value, or of this section when the key is absent. */
    ConfigException error(String key, String detail) {
        int at = entry(key).map(entry -> lineOf(entry.getValueNode())).orElse(line);
        return source.error(at, child(key), detail);
    }

    private List<Node> items(String key) {
        return valueNode(key).map(node -> {
            if (node instanceof SequenceNode sequence) {
                return sequence.getValue();
            }
            throw source.error(lineOf(node), child(key), "expected a list, got " + describe(node));
        }).orElse(List.of());
    }

    private MappingNode mapping(Node node, String nodePath) {
        if (node instanceof MappingNode mapping) {
            return mapping;
        }
        throw source.error(lineOf(node), nodePath, "expected a mapping of settings, got " + describe(node));
    }

    private <T> T parseScalar(Node node, String nodePath, Function<String, T> parser) {
        if (!(node instanceof ScalarNode scalar)) {
            throw source.error(lineOf(node), nodePath, "expected a single value, got " + describe(node));
        }
        if (!PLAIN_SCALAR_TAGS.contains(node.getTag())) {
            // Application tags (!foo, !!binary) never mean anything here; refusing them keeps the file plain data.
            throw source.error(lineOf(node), nodePath, "unsupported tag " + node.getTag());
        }
        try {
            return parser.apply(source.expand(scalar.getValue()));
        } catch (IllegalArgumentException e) {
            throw source.error(lineOf(node), nodePath, e.getMessage());
        }
    }

    /** The value for {@code key}, empty when absent or written as null ({@code ~}, {@code null}, nothing). */
    private Optional<Node> valueNode(String key) {
        return entry(key).map(NodeTuple::getValueNode).filter(node -> !Tag.NULL.equals(node.getTag()));
    }

    private Optional<NodeTuple> entry(String key) {
        if (!knownKeys.contains(key)) {
            throw new IllegalStateException("'" + key + "' is not declared among the keys of '" + path + "'");
        }
        return Optional.ofNullable(entries.get(key));
    }

    private String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private String pathOrNull() {
        return path.isEmpty() ? null : path;
    }

    private static int lineOf(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    private static String describe(Node node) {
        if (node instanceof ScalarNode scalar) {
            return "'" + scalar.getValue() + "'";
        }
        return node instanceof SequenceNode ? "a list" : "a mapping";
    }
}
