package dev.pgrelay.proxy.client;

import dev.pgrelay.protocol.SqlState;
import dev.pgrelay.proxy.PgErrorException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The run-time settings a client asked for in its StartupMessage (client_encoding, DateStyle, TimeZone,
 * application_name, search_path, extra_float_digits, and {@code options=-c name=value}). pgrelay applies them to
 * whichever server connection serves the client, sending only what differs from what that connection already has.
 */
public final class SessionParameters {
    /** Startup keys that are not settings: they pick the connection, or are protocol extensions. */
    private static final Set<String> NOT_SETTINGS = Set.of("user", "database", "options", "replication");

    private final Map<String, String> settings;

    private SessionParameters(Map<String, String> settings) {
        this.settings = settings;
    }

    public static SessionParameters fromStartup(Map<String, String> startup) {
        Map<String, String> settings = new LinkedHashMap<>();
        String options = startup.get("options");
        if (options != null) {
            parseOptions(options, settings);
        }
        startup.forEach((name, value) -> {
            if (!NOT_SETTINGS.contains(name) && !name.startsWith("_pq_.")) {
                settings.put(name, value);
            }
        });
        return new SessionParameters(settings);
    }

    /**
     * Parses libpq's {@code options}: space-separated command-line switches where backslash escapes a space.
     * Only {@code -c name=value} and {@code --name=value} carry settings; anything else is refused as PostgreSQL
     * would refuse an unknown switch.
     */
    static void parseOptions(String options, Map<String, String> into) {
        List<String> words = splitOptions(options);
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            String assignment;
            if (word.equals("-c") && i + 1 < words.size()) {
                assignment = words.get(++i);
            } else if (word.startsWith("-c") && word.length() > 2) {
                assignment = word.substring(2);
            } else if (word.startsWith("--")) {
                assignment = word.substring(2);
            } else {
                throw PgErrorException.fatal(SqlState.FEATURE_NOT_SUPPORTED,
                        "pgrelay supports only -c name=value in the options startup parameter, got \"" + word + "\"");
            }
            int equals = assignment.indexOf('=');
            if (equals <= 0) {
                throw PgErrorException.fatal(SqlState.PROTOCOL_VIOLATION,
                        "invalid setting in options: \"" + assignment + "\" (expected name=value)");
            }
            into.put(assignment.substring(0, equals).replace('-', '_'), assignment.substring(equals + 1));
        }
    }

    private static List<String> splitOptions(String options) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < options.length(); i++) {
            char c = options.charAt(i);
            if (c == '\\' && i + 1 < options.length()) {
                word.append(options.charAt(++i));
            } else if (Character.isWhitespace(c)) {
                if (!word.isEmpty()) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        return words;
    }

    public Map<String, String> settings() {
        return settings;
    }

    /**
     * The statements that turn a server connection's applied settings into this client's: one set_config call
     * per difference (set_config takes the raw value exactly as a StartupMessage does, unlike SET, which would
     * read 'a, b' as one search_path entry) and a RESET for settings another client left behind.
     */
    public List<String> statementsToApply(Map<String, String> applied) {
        return statementsToApply(settings, applied);
    }

    /** The statements that turn {@code applied} settings into {@code wanted} ones (see the instance method). */
    static List<String> statementsToApply(Map<String, String> wanted, Map<String, String> applied) {
        if (wanted.equals(applied)) {
            return List.of();   // the usual case, once per lease: nothing to build
        }
        List<String> statements = new ArrayList<>();
        StringBuilder select = new StringBuilder();
        wanted.forEach((name, value) -> {
            if (!value.equals(applied.get(name))) {
                select.append(select.isEmpty() ? "SELECT " : ", ")
                        .append("pg_catalog.set_config(").append(literal(name)).append(", ")
                        .append(literal(value)).append(", false)");
            }
        });
        if (!select.isEmpty()) {
            statements.add(select.toString());
        }
        applied.keySet().stream()
                .filter(name -> !wanted.containsKey(name))
                .forEach(name -> statements.add("RESET " + identifier(name)));
        return statements;
    }

    /** An E'' literal: backslashes mean the same whatever standard_conforming_strings the server has. */
    static String literal(String value) {
        return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
