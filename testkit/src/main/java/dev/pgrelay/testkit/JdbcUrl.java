package dev.pgrelay.testkit;

import dev.pgrelay.config.HostPort;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** pgjdbc URLs for the servers and relays the testkit starts. */
public final class JdbcUrl {

    private JdbcUrl() {
    }

    /** {@code jdbc:postgresql://host:port/database}; an IPv6 host is bracketed, the database name URL-encoded. */
    public static String of(HostPort server, String database) {
        return "jdbc:postgresql://" + server + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8);
    }
}
