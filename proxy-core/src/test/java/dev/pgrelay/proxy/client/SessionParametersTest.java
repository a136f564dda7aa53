package dev.pgrelay.proxy.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgrelay.proxy.PgErrorException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionParametersTest {

    private static Map<String, String> startup(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    @Test
    void settingsAreTheStartupParametersExceptUserDatabaseAndProtocolExtensions() {
        SessionParameters parameters = SessionParameters.fromStartup(startup(
                "user", "app", "database", "app", "client_encoding", "UTF8", "DateStyle", "ISO",
                "_pq_.some_extension", "on", "replication", "false"));
        assertThat(parameters.settings()).containsExactly(
                Map.entry("client_encoding", "UTF8"), Map.entry("DateStyle", "ISO"));
    }

    @Test
    void optionsCarryDashCSettingsWithEscapedSpaces() {
        SessionParameters parameters = SessionParameters.fromStartup(startup(
                "user", "app", "options", "-c statement_timeout=5s --search-path=a,b -capplication_name=my\\ app"));
        assertThat(parameters.settings()).containsExactly(
                Map.entry("statement_timeout", "5s"), Map.entry("search_path", "a,b"),
                Map.entry("application_name", "my app"));
    }

    @Test
    void optionsOtherThanSettingsAreRefusedClearly() {
        assertThatThrownBy(() -> SessionParameters.fromStartup(startup("user", "app", "options", "-d 5")))
                .isInstanceOfSatisfying(PgErrorException.class, e -> {
                    assertThat(e.error().sqlState()).isEqualTo("0A000");
                    assertThat(e.error().message()).contains("-d");
                });
    }

    @Test
    void onlyDifferencesAreApplied() {
        SessionParameters parameters = SessionParameters.fromStartup(startup(
                "user", "app", "client_encoding", "UTF8", "TimeZone", "UTC"));
        assertThat(parameters.statementsToApply(Map.of("client_encoding", "UTF8", "TimeZone", "UTC"))).isEmpty();
        assertThat(parameters.statementsToApply(Map.of("client_encoding", "UTF8")))
                .containsExactly("SELECT pg_catalog.set_config(E'TimeZone', E'UTC', false)");
    }

    @Test
    void settingsLeftByAnotherClientAreReset() {
        SessionParameters parameters = SessionParameters.fromStartup(startup("user", "app"));
        assertThat(parameters.statementsToApply(Map.of("application_name", "other")))
                .containsExactly("RESET \"application_name\"");
    }

    @Test
    void valuesAreQuotedSoTheyCannotBreakOutOfTheLiteral() {
        SessionParameters parameters = SessionParameters.fromStartup(startup(
                "user", "app", "application_name", "x', false); DROP TABLE t; --\\"));
        assertThat(parameters.statementsToApply(Map.of())).containsExactly(
                "SELECT pg_catalog.set_config(E'application_name', E'x'', false); DROP TABLE t; --\\\\', false)");
    }
}
