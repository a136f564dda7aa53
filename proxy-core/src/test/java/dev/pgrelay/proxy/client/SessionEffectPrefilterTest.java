package dev.pgrelay.proxy.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.proxy.sql.SqlClassifier;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The prefilter may send a harmless statement to the lexer, but never let one with session effects pass. */
class SessionEffectPrefilterTest {
    private static final SqlClassifier CLASSIFIER = new SqlClassifier(Set.of());

    @ParameterizedTest
    @ValueSource(strings = {
            "SET search_path = app, public",
            "  set statement_timeout = 5",
            "SET SESSION AUTHORIZATION bob",
            "SET ROLE reporting",
            "RESET ALL",
            "reset search_path",
            "/* hint */ SET TimeZone = 'UTC'",
            "-- a comment\nSET application_name = 'x'",
            "SELECT set_config('search_path', 'x', false)",
            "UPDATE t SET a = 1; SET search_path = x",
            "UPDATE t SET a = pg_catalog.set_config('search_path', 'x', false)",
            "UPDATE t SET a = pg_advisory_lock(1)",
            "CREATE TEMP TABLE t (id int)",
            "DECLARE c CURSOR WITH HOLD FOR SELECT 1",
            "LISTEN jobs",
            "LOAD 'auto_explain'",
            "PREPARE q AS SELECT 1",
            "DISCARD ALL",
            "DEALLOCATE ALL",
    })
    void statementsWithSessionEffectsAlwaysGoToTheLexer(String sql) {
        assertThat(CLASSIFIER.classify(sql).sessionEffects()).as("the lexer's verdict").isNotEmpty();
        assertThat(mayChangeSession(sql)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "UPDATE pgbench_accounts SET abalance = abalance + -4211 WHERE aid = 718277",
            "update t set a = 'x', b = 2 where id = 3",
            "UPDATE pgbench_tellers SET tbalance = tbalance + 1 WHERE tid = 2;",
            "UPDATE t SET a = 1 ;  \n",
            "\n  UPDATE t SET settings = '{}' WHERE id = 1",
            "INSERT INTO t (id, a) VALUES (1, 2) ON CONFLICT (id) DO UPDATE SET a = excluded.a",
            "MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET a = s.a",
            "ALTER TABLE t ALTER COLUMN a SET DEFAULT 0",
            "SELECT abalance FROM pgbench_accounts WHERE aid = 1",
            "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (1, 2, 3, 4, CURRENT_TIMESTAMP)",
    })
    void statementsWithoutSessionEffectsSkipTheLexer(String sql) {
        assertThat(CLASSIFIER.classify(sql).sessionEffects()).as("the lexer's verdict").isEmpty();
        assertThat(mayChangeSession(sql)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "UPDATE t SET a = ';'",            // a semicolon before the end: maybe several statements
            "UPDATE t SET a = 1; SELECT 1",
            "WITH x AS (SELECT 1) UPDATE t SET a = 1",
            "UPDATE t SET reset_count = 0",    // RESET counts wherever it stands
            "UPDATE pg_temp.t SET a = 1",      // TEMP too
            "SET LOCAL statement_timeout = 5", // only until the transaction ends, but the lexer tells
    })
    void doubtfulStatementsGoToTheLexer(String sql) {
        assertThat(mayChangeSession(sql)).isTrue();
    }

    private static boolean mayChangeSession(String sql) {
        ByteBuf text = Unpooled.copiedBuffer(sql, StandardCharsets.UTF_8);
        try {
            return SessionEffectPrefilter.mayChangeSession(text, 0, text.writerIndex());
        } finally {
            text.release();
        }
    }
}
