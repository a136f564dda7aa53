package dev.pgrelay.config;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code hba} rule, in the spirit of pg_hba.conf: the first rule whose user, database and client address
 * all match decides how that client authenticates, or that it is rejected. {@code all} matches any user or database.
 */
public record HbaRule(String user, String database, AddressRange address, HbaMethod method) {
    static final List<String> KEYS = List.of("user", "database", "address", "method");
    public static final String ALL = "all";

    public HbaRule {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(method, "method");
    }

    public boolean matches(String userName, String databaseName, InetAddress client) {
        return (user.equals(ALL) || user.equals(userName))
                && (database.equals(ALL) || database.equals(databaseName))
                && address.matches(client);
    }

    /** {@code hba}: a list of rules, tried in order; empty (absent) means users[].auth decides alone. */
    static List<HbaRule> readAll(YamlSection root) {
        return root.sectionList("hba", KEYS).stream().map(section -> new HbaRule(
                section.get("user", ALL, Scalars::nonEmpty),
                section.get("database", ALL, Scalars::nonEmpty),
                section.get("address", AddressRange.ALL, AddressRange::parse),
                section.require("method", text -> ConfigName.parse(HbaMethod.class, text)))).toList();
    }

    Map<String, Object> printable() {
        return ConfigPrinter.ordered("user", user, "database", database, "address", address.toString(),
                "method", method.configName());
    }
}
