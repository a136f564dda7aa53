package dev.pgrelay.it.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgrelay.proxy.metrics.DatabaseWork;
import dev.pgrelay.proxy.pool.PoolStats;
import dev.pgrelay.testkit.Await;
import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import dev.pgrelay.testkit.junit.PgRelayTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client picks the database name, so a client (or a misconfigured application) that tries hundreds of names
 * that do not exist must not leave hundreds of pools behind — nor their /metrics series, SHOW STATS rows, or a
 * min_idle that keeps reconnecting to them. Each gets PostgreSQL's 3D000; pgrelay forgets what it made for the
 * name at its next maintenance pass, and keeps everything of the database that exists.
 */
@PgRelayTest(poolMode = "transaction", config = """
        pool: { mode: transaction, size: 4, min_idle: 1 }
        """)
class MadeUpDatabaseNamesTest {
    private static final int MADE_UP_NAMES = 100;
    private static final String PREFIX = "made_up_";

    @Test
    void loginsToDatabasesThatDoNotExistLeaveNoPoolsOrMetricsBehind(PgRelayEnvironment env) throws Exception {
        assertThat(selectOne(env)).isEqualTo(1);

        for (int i = 0; i < MADE_UP_NAMES; i++) {
            String url = env.relayJdbcUrl(PREFIX + i);
            assertThatThrownBy(() -> DriverManager.getConnection(url, env.user(), env.password()).close())
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("3D000"));
        }
        System.out.println("made-up database names: " + MADE_UP_NAMES + " logins refused with 3D000; pools of "
                + "made-up names right after: " + madeUpPools(env).size());

        Await.until("pgrelay forgets the pools of the made-up database names", Duration.ofSeconds(15),
                () -> madeUpPools(env).isEmpty());
        assertThat(env.relay().metrics().work()).extracting(DatabaseWork::database)
                .as("SHOW STATS rows").noneMatch(database -> database.startsWith(PREFIX))
                .contains(env.database())
                .as("health checks log in to postgres: pgrelay's own work is no client's").doesNotContain("postgres");
        String scrape = env.relay().metrics().scrape();
        assertThat(scrape).as("/metrics").doesNotContain("database=\"" + PREFIX)
                .contains("pgrelay_query_seconds_count{database=\"" + env.database() + "\"");
        assertThat(env.relay().poolStats()).as("the real database keeps its pool")
                .anySatisfy(pool -> assertThat(pool.key().database()).isEqualTo(env.database()));

        assertThat(selectOne(env)).isEqualTo(1);
        assertThatThrownBy(() -> DriverManager.getConnection(env.relayJdbcUrl(PREFIX + 0), env.user(),
                env.password()).close()).isInstanceOfSatisfying(SQLException.class,
                e -> assertThat(e.getSQLState()).as("a forgotten name is refused again").isEqualTo("3D000"));
        Await.until("and forgotten again", Duration.ofSeconds(15), () -> madeUpPools(env).isEmpty());
        Await.until("no clients left", Duration.ofSeconds(10), () -> env.relay().connectedClients() == 0);
    }

    private static int selectOne(PgRelayEnvironment env) throws SQLException {
        try (Connection connection = env.connect();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT 1")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static List<PoolStats> madeUpPools(PgRelayEnvironment env) {
        return env.relay().poolStats().stream().filter(pool -> pool.key().database().startsWith(PREFIX)).toList();
    }
}
