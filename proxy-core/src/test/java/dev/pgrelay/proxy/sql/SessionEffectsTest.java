package dev.pgrelay.proxy.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.proxy.sql.SessionEffect.Deallocate;
import dev.pgrelay.proxy.sql.SessionEffect.DeallocateAll;
import dev.pgrelay.proxy.sql.SessionEffect.DiscardAll;
import dev.pgrelay.proxy.sql.SessionEffect.Execute;
import dev.pgrelay.proxy.sql.SessionEffect.Pin;
import dev.pgrelay.proxy.sql.SessionEffect.Prepare;
import dev.pgrelay.proxy.sql.SessionEffect.Reset;
import dev.pgrelay.proxy.sql.SessionEffect.ResetAll;
import dev.pgrelay.proxy.sql.SessionEffect.SetSession;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SessionEffectsTest {

    private static Arguments sets(String sql, String name, String rawValue) {
        return Arguments.of(sql, name, rawValue);
    }

    /**
     * Each rawValue was checked against PostgreSQL 15: SET and set_config(name, rawValue, false) give the same
     * current_setting(name).
     */
    static Stream<Arguments> sessionSettings() {
        return Stream.of(
                sets("SET application_name = 'psql'", "application_name", "psql"),
                sets("SET application_name TO 'it''s'", "application_name", "it's"),
                sets("set SESSION application_name to \"Mixed Case\"", "application_name", "Mixed Case"),
                sets("SET application_name = E'caf\\303\\251\\n'", "application_name", "café\n"),
                sets("SET application_name = U&'d!0061t' UESCAPE '!'", "application_name", "dat"),
                sets("SET application_name = $$dollar ' quoted$$", "application_name", "dollar ' quoted"),
                sets("SET application_name = 'con'\n  'tinued'", "application_name", "continued"),
                sets("SET application_name = off", "application_name", "off"),
                sets("SET application_name = TRUE", "application_name", "true"),
                sets("SET application_name = 007", "application_name", "7"),
                sets("SET application_name = -007", "application_name", "-7"),
                sets("SET application_name = +1.50", "application_name", "1.50"),
                sets("SET application_name = -1.5e3", "application_name", "-1.5e3"),
                sets("SET application_name = 99999999999", "application_name", "99999999999"),
                sets("SET application_name = -2147483648", "application_name", "-2147483648"),
                sets("SET application_name = 0x1F", "application_name", "31"),
                sets("SET statement_timeout = 5000", "statement_timeout", "5000"),
                sets("SET statement_timeout='5s'", "statement_timeout", "5s"),
                sets("SET extra_float_digits=-3", "extra_float_digits", "-3"),
                sets("SET search_path TO \"My Schema\", public", "search_path", "\"My Schema\", public"),
                sets("SET search_path = 'Other', 'plain', \"user\", \"$user\"", "search_path",
                        "\"Other\", plain, \"user\", \"$user\""),
                sets("SET search_path = on", "search_path", "\"on\""),
                sets("SET search_path = 'a b', \"D\"\"q\"", "search_path", "\"a b\", \"D\"\"q\""),
                sets("SET SCHEMA 'My Schema'", "search_path", "\"My Schema\""),
                sets("SET datestyle = iso, mdy", "datestyle", "iso, mdy"),
                sets("SET DateStyle TO 'SQL', 'DMY'", "datestyle", "SQL, DMY"),
                sets("SET TIME ZONE 'Europe/Rome'", "timezone", "Europe/Rome"),
                sets("SET TIME ZONE utc", "timezone", "utc"),
                sets("SET TIME ZONE -7", "timezone", "-7"),
                sets("SET TIME ZONE 5.5", "timezone", "5.5"),
                sets("SET NAMES 'LATIN1'", "client_encoding", "LATIN1"),
                sets("SET XML OPTION DOCUMENT", "xmloption", "document"),
                sets("SET myapp.User_Id = 5", "myapp.user_id", "5"),
                sets("SET \"MyApp\".\"Mixed\" = 'v'", "MyApp.Mixed", "v"),
                sets("SET temp_tablespaces = ''", "temp_tablespaces", "\"\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sessionSettings")
    void sessionSetsBecomeSettingsSetConfigReproduces(String sql, String name, String rawValue) {
        assertThat(SessionEffects.of(sql)).containsExactly(new SetSession(name, rawValue));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SET search_path TO DEFAULT", "SET search_path = default", "RESET search_path", "RESET Search_Path"})
    void settingsReturnToTheirDefault(String sql) {
        assertThat(SessionEffects.of(sql)).containsExactly(new Reset("search_path"));
    }

    @Test
    void timeZoneAndNamesHaveTheirOwnDefaultForms() {
        assertThat(SessionEffects.of("SET TIME ZONE LOCAL; SET TIME ZONE DEFAULT; RESET TIME ZONE"))
                .containsExactly(new Reset("timezone"), new Reset("timezone"), new Reset("timezone"));
        assertThat(SessionEffects.of("SET NAMES; SET NAMES DEFAULT"))
                .containsExactly(new Reset("client_encoding"), new Reset("client_encoding"));
    }

    @Test
    void quotedSettingNamesKeepTheirCase() {
        assertThat(SessionEffects.of("RESET \"MyApp.X\"")).containsExactly(new Reset("MyApp.X"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SET LOCAL search_path = x", "SET LOCAL ROLE admin", "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE",
        "SET TRANSACTION READ ONLY", "SET SESSION TRANSACTION READ ONLY", "SET TRANSACTION SNAPSHOT '00000003-1'",
        "SET transaction_isolation = 'serializable'", "RESET TRANSACTION ISOLATION LEVEL",
        "SET CONSTRAINTS ALL DEFERRED", "DISCARD PLANS", "DISCARD SEQUENCES", "DISCARD TEMP", "DISCARD TEMPORARY",
        "UNLISTEN *", "UNLISTEN channel", "SELECT pg_advisory_xact_lock(1)", "SELECT pg_try_advisory_xact_lock(1, 2)",
        "SELECT pg_advisory_unlock(1)", "SELECT set_config('search_path', 'x', true)",
        "CREATE TEMP TABLE t (id int) ON COMMIT DROP", "PREPARE TRANSACTION 'gid'", "COMMIT PREPARED 'gid'",
        "SELECT 'SET search_path = x'", "SELECT \"pg_advisory_lock\" FROM locks", "ALTER ROLE app SET search_path = x",
        "CREATE FUNCTION f() RETURNS int SET search_path = x AS 'SELECT 1' LANGUAGE sql",
        "DECLARE c CURSOR WITHOUT HOLD FOR SELECT 1", "EXPLAIN CREATE TABLE pg_temp.x AS SELECT 1",
        "SELECT myschema.pg_advisory_lock(1)", "WITH x AS (SELECT 1) INSERT INTO temp SELECT * FROM x",
        "SELECT * FROM pg_temp.t", "NOTIFY channel", ""})
    void statementsWithoutLastingSessionEffects(String sql) {
        assertThat(SessionEffects.of(sql)).isEmpty();
    }

    @Test
    void resetAllDiscardAllAndDeallocateAll() {
        assertThat(SessionEffects.of("RESET ALL; DISCARD ALL; DEALLOCATE ALL; DEALLOCATE PREPARE ALL"))
                .containsExactly(new ResetAll(), new DiscardAll(), new DeallocateAll(), new DeallocateAll());
    }

    @Test
    void sqlPreparedStatementsAreNamedAndPinned() {
        assertThat(SessionEffects.of("PREPARE q (int) AS SELECT $1; EXECUTE q(1); EXECUTE \"Q\"; DEALLOCATE q; "
                + "DEALLOCATE PREPARE \"Q\"; DEALLOCATE prepare"))
                .containsExactly(new Prepare("q"), new Pin(PinReason.SQL_PREPARE), new Execute("q"), new Execute("Q"),
                        new Deallocate("q"), new Deallocate("Q"), new Deallocate("prepare"));
    }

    static Stream<Arguments> pins() {
        return Stream.of(
                Arguments.of(PinReason.LISTEN, "LISTEN channel"),
                Arguments.of(PinReason.ADVISORY_LOCK, "SELECT pg_advisory_lock(42)"),
                Arguments.of(PinReason.ADVISORY_LOCK, "SELECT pg_catalog.pg_advisory_lock_shared(1, 2)"),
                Arguments.of(PinReason.ADVISORY_LOCK, "SELECT PG_TRY_ADVISORY_LOCK(id) FROM jobs WHERE id = 1"),
                Arguments.of(PinReason.ADVISORY_LOCK, "SELECT x FROM t WHERE pg_try_advisory_lock_shared(t.id)"),
                Arguments.of(PinReason.ADVISORY_LOCK,
                        "WITH l AS (SELECT \"pg_advisory_lock\"(1)) UPDATE t SET a = 1"),
                Arguments.of(PinReason.TEMP_OBJECT, "CREATE TEMP TABLE t (id int)"),
                Arguments.of(PinReason.TEMP_OBJECT, "CREATE TEMPORARY TABLE IF NOT EXISTS t AS SELECT 1"),
                Arguments.of(PinReason.TEMP_OBJECT, "CREATE LOCAL TEMPORARY SEQUENCE s"),
                Arguments.of(PinReason.TEMP_OBJECT, "CREATE GLOBAL TEMP TABLE t (id int) ON COMMIT DELETE ROWS"),
                Arguments.of(PinReason.TEMP_OBJECT, "CREATE OR REPLACE TEMP VIEW v AS SELECT 1"),
                Arguments.of(PinReason.TEMP_OBJECT, "CREATE TEMP RECURSIVE VIEW v (n) AS SELECT 1"),
                Arguments.of(PinReason.TEMP_OBJECT, "CREATE TEMP SEQUENCE s ON COMMIT DROP"),
                Arguments.of(PinReason.TEMP_OBJECT, "CREATE TABLE pg_temp.t (id int)"),
                Arguments.of(PinReason.TEMP_OBJECT,
                        "CREATE FUNCTION pg_temp.f() RETURNS int AS 'SELECT 1' LANGUAGE sql"),
                Arguments.of(PinReason.TEMP_OBJECT, "SELECT * INTO TEMP t FROM src"),
                Arguments.of(PinReason.TEMP_OBJECT, "SELECT * INTO TEMPORARY TABLE t FROM src"),
                Arguments.of(PinReason.TEMP_OBJECT, "SELECT 1 AS a INTO LOCAL TEMP t"),
                Arguments.of(PinReason.TEMP_OBJECT, "WITH s AS (SELECT 1) SELECT * INTO pg_temp.t FROM s"),
                Arguments.of(PinReason.TEMP_OBJECT, "EXPLAIN ANALYZE CREATE TEMP TABLE t AS SELECT 1"),
                Arguments.of(PinReason.HOLD_CURSOR, "DECLARE c CURSOR WITH HOLD FOR SELECT 1"),
                Arguments.of(PinReason.HOLD_CURSOR, "DECLARE c BINARY NO SCROLL CURSOR WITH HOLD FOR SELECT 1"),
                Arguments.of(PinReason.SQL_PREPARE, "PREPARE p AS SELECT 1"),
                Arguments.of(PinReason.UNTRACKED_SET, "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"),
                Arguments.of(PinReason.UNTRACKED_SET, "SET search_path FROM CURRENT"),
                Arguments.of(PinReason.UNTRACKED_SET, "SET TIME ZONE INTERVAL '+05:30' HOUR TO MINUTE"),
                Arguments.of(PinReason.UNTRACKED_SET, "SET application_name = $1"),
                Arguments.of(PinReason.UNTRACKED_SET, "SET application_name = B'101'"),
                Arguments.of(PinReason.UNTRACKED_SET, "SET application_name = 'a' || 'b'"),
                Arguments.of(PinReason.UNTRACKED_SET, "SET application_name"),
                Arguments.of(PinReason.UNTRACKED_SET, "SET"),
                Arguments.of(PinReason.UNTRACKED_SET, "SELECT set_config('search_path', 'x', false)"),
                Arguments.of(PinReason.UNTRACKED_SET, "SELECT pg_catalog.set_config('a.b', $1, $2)"),
                Arguments.of(PinReason.SESSION_AUTHORIZATION, "SET ROLE admin"),
                Arguments.of(PinReason.SESSION_AUTHORIZATION, "SET SESSION ROLE admin"),
                Arguments.of(PinReason.SESSION_AUTHORIZATION, "SET role = 'admin'"),
                Arguments.of(PinReason.SESSION_AUTHORIZATION, "SET SESSION AUTHORIZATION admin"),
                Arguments.of(PinReason.SESSION_AUTHORIZATION, "SET SESSION SESSION AUTHORIZATION DEFAULT"),
                Arguments.of(PinReason.SESSION_AUTHORIZATION, "SET session_authorization TO 'admin'"),
                Arguments.of(PinReason.SESSION_AUTHORIZATION, "RESET ROLE"),
                Arguments.of(PinReason.SESSION_AUTHORIZATION, "RESET SESSION AUTHORIZATION"),
                Arguments.of(PinReason.LOAD, "LOAD 'auto_explain'"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("pins")
    void statementsThatPinTheirConnection(PinReason reason, String sql) {
        assertThat(SessionEffects.of(sql)).filteredOn(Pin.class::isInstance).containsExactly(new Pin(reason));
        assertThat(SessionEffects.of(sql)).allMatch(effect -> effect instanceof Pin || effect instanceof Prepare);
    }

    @Test
    void everyPinReasonIsExercised() {
        Set<PinReason> exercised = EnumSet.noneOf(PinReason.class);
        pins().forEach(arguments -> exercised.add((PinReason) arguments.get()[0]));
        assertThat(exercised).containsExactlyInAnyOrder(PinReason.values());
    }

    @Test
    void effectsOfEveryStatementComeInOrder() {
        List<SessionEffect> effects = SessionEffects.of(
                "SET search_path = app; LISTEN jobs; SELECT pg_advisory_lock(1), set_config('x.y', 'z', false); "
                        + "RESET statement_timeout");
        assertThat(effects).containsExactly(new SetSession("search_path", "app"), new Pin(PinReason.LISTEN),
                new Pin(PinReason.ADVISORY_LOCK), new Pin(PinReason.UNTRACKED_SET), new Reset("statement_timeout"));
    }

    @Test
    void keywordsInsideLiteralsCommentsAndQuotedNamesHaveNoEffect() {
        assertThat(SessionEffects.of("SELECT 'LISTEN x', $$SET ROLE a$$ /* LOAD 'x' */ FROM \"listen\" -- SET ROLE b"))
                .isEmpty();
    }
}
