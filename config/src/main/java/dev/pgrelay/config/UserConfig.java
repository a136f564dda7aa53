package dev.pgrelay.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A user clients log in as; the same name and password log pgrelay in to the servers.
 * {@code password} is null only with {@link AuthMethod#TRUST}; {@code toString()} never shows it.
 */
public record UserConfig(String name, String password, AuthMethod auth, OptionalInt poolSize) {
    static final List<String> KEYS = List.of("name", "password", "auth", "pool_size");
    static final AuthMethod DEFAULT_AUTH = AuthMethod.SCRAM_SHA_256;
    static final String HIDDEN_PASSWORD = "*****";

    public UserConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(poolSize, "poolSize");
        if (password == null && auth != AuthMethod.TRUST) {
            throw new IllegalArgumentException("user " + name + ": a password is required unless auth is trust");
        }
    }

    /** {@code users}: at least one, names unique. */
    static List<UserConfig> readAll(YamlSection root) {
        List<YamlSection> sections = root.sectionList("users", KEYS);
        if (sections.isEmpty()) {
            throw root.error("users", "at least one user is required, e.g. - { name: app, password: \"${APP_PASSWORD}\" }");
        }
        FirstSeen<String> names = new FirstSeen<>("user");
        return sections.stream().map(section -> {
            UserConfig user = read(section);
            names.claim(user.name(), section, "name");
            return user;
        }).toList();
    }

    private static UserConfig read(YamlSection section) {
        String name = section.require("name", Scalars::nonEmpty);
        String password = section.optional("password", Scalars::nonEmpty).orElse(null);
        AuthMethod auth = section.choice("auth", DEFAULT_AUTH);
        if (password == null && auth != AuthMethod.TRUST) {
            throw section.error("password", "required unless auth is trust");
        }
        return new UserConfig(name, password, auth, section.optionalInteger("pool_size", 1, Integer.MAX_VALUE));
    }

    Map<String, Object> printable() {
        return ConfigPrinter.ordered("name", name, "password", password == null ? null : HIDDEN_PASSWORD,
                "auth", auth.configName(), "pool_size", poolSize.isPresent() ? poolSize.getAsInt() : null);
    }

    @Override
    public String toString() {
        return "UserConfig[name=" + name + ", password=" + (password == null ? "none" : HIDDEN_PASSWORD)
                + ", auth=" + auth.configName() + ", poolSize=" + poolSize + "]";
    }
}
