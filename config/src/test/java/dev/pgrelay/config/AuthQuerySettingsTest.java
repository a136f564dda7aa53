package dev.pgrelay.config;

import static dev.pgrelay.config.ConfigTexts.MINIMAL;
import static dev.pgrelay.config.ConfigTexts.errorOf;
import static dev.pgrelay.config.ConfigTexts.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The {@code auth_query} block: PgBouncer's auth_user, auth_query and auth_dbname, as one section. */
class AuthQuerySettingsTest {

    @Test
    void absentMeansOnlyListedUsersMayLogIn() {
        assertThat(parse(MINIMAL).authQuery()).isEmpty();
    }

    @Test
    void onlyTheAuthUserIsRequiredAndTheRestDefaultsToPgBouncersChoices() {
        AuthQueryConfig authQuery = parse(MINIMAL + "auth_query: { user: lookup, password: lpw }\n").authQuery()
                .orElseThrow();

        assertThat(authQuery.user()).isEqualTo(new UserConfig("lookup", "lpw", AuthMethod.SCRAM_SHA_256,
                OptionalInt.empty()));
        assertThat(authQuery.query()).isEqualTo("SELECT usename, passwd FROM pg_catalog.pg_shadow WHERE usename = $1");
        assertThat(authQuery.database()).as("the client's own database").isEmpty();
        assertThat(authQuery.cache()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void everyKeyCanBeSet() {
        AuthQueryConfig authQuery = parse(MINIMAL + """
                auth_query:
                  user: lookup
                  password: lpw
                  query: SELECT usename, passwd FROM public.lookup($1)
                  database: postgres
                  cache: 0
                """).authQuery().orElseThrow();

        assertThat(authQuery.query()).isEqualTo("SELECT usename, passwd FROM public.lookup($1)");
        assertThat(authQuery.database()).contains("postgres");
        assertThat(authQuery.cache()).isZero();
    }

    @Test
    void anAuthUserListedInUsersLogsInWithItsListedPassword() {
        AuthQueryConfig authQuery = parse(MINIMAL + "auth_query: { user: app }\n").authQuery().orElseThrow();

        assertThat(authQuery.user()).isEqualTo(parse(MINIMAL).user("app").orElseThrow());
    }

    @Test
    void anAuthUserWithoutPasswordIsOneTheServerTrusts() {
        AuthQueryConfig authQuery = parse(MINIMAL + "auth_query: { user: lookup }\n").authQuery().orElseThrow();

        assertThat(authQuery.user().password()).isNull();
        assertThat(authQuery.user().auth()).isEqualTo(AuthMethod.TRUST);
    }

    @Test
    void aListedAuthUserMustNotGetASecondPassword() {
        String message = errorOf(MINIMAL + "auth_query:\n  user: app\n  password: other\n", 8, "auth_query.password");

        assertThat(message).contains("leave auth_query.password out");
    }

    @Test
    void aQueryWithoutTheUserNameParameterIsRefused() {
        String message = errorOf(MINIMAL + "auth_query:\n  user: lookup\n  query: SELECT 1\n", 8, "auth_query.query");

        assertThat(message).contains("$1");
    }

    @Test
    void theAuthUserIsRequired() {
        errorOf(MINIMAL + "auth_query:\n  query: SELECT $1\n", 7, "auth_query.user");
    }

    @Test
    void unknownKeysAreErrorsNamingTheAcceptedOnes() {
        String message = errorOf(MINIMAL + "auth_query:\n  user: lookup\n  dbname: postgres\n", 8,
                "auth_query.dbname");

        assertThat(message).contains("user, password, query, database, cache");
    }

    @Test
    void printedConfigMasksTheAuthUsersPassword() {
        String printed = parse(MINIMAL + "auth_query: { user: lookup, password: lpw }\n").toYaml();

        assertThat(printed).contains("auth_query:", "user: lookup", "password: '*****'", "cache: 10s")
                .doesNotContain("lpw");
        assertThat(parse(printed).authQuery().map(AuthQueryConfig::database)).contains(Optional.empty());
    }
}
