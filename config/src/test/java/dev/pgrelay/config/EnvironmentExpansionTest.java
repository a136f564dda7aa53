package dev.pgrelay.config;

import static dev.pgrelay.config.ConfigTexts.errorOf;
import static dev.pgrelay.config.ConfigTexts.parse;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EnvironmentExpansionTest {

    private static String withPassword(String password) {
        return "nodes: [{ host: db1 }]\nusers:\n  - name: app\n    password: \"" + password + "\"\n";
    }

    private static String password(String yaml) {
        return parse(yaml).users().get(0).password();
    }

    @Test
    void variableExpandsFromTheEnvironment() {
        assertThat(password(withPassword("${APP_PASSWORD}"))).isEqualTo("s3cret");
    }

    @Test
    void variableExpandsInsideLongerText() {
        assertThat(password(withPassword("pre-${APP_PASSWORD}-post"))).isEqualTo("pre-s3cret-post");
    }

    @Test
    void defaultIsUsedOnlyWhenTheVariableIsUnset() {
        assertThat(password(withPassword("${UNSET_VAR:-fallback}"))).isEqualTo("fallback");
        assertThat(password(withPassword("${APP_PASSWORD:-fallback}"))).isEqualTo("s3cret");
    }

    @Test
    void doubleDollarIsALiteralDollar() {
        assertThat(password(withPassword("pa$$${APP_PASSWORD}$$"))).isEqualTo("pa$s3cret$");
        assertThat(password(withPassword("$${APP_PASSWORD}"))).isEqualTo("${APP_PASSWORD}");
    }

    @Test
    void loneDollarIsKeptAsWritten() {
        assertThat(password(withPassword("pa$word$"))).isEqualTo("pa$word$");
    }

    @Test
    void numbersAndListItemsExpandToo() {
        PgRelayConfig config = ConfigLoader.parse("""
                nodes: [{ host: db1, port: "${PG_PORT}" }]
                users: [{ name: app, password: pw }]
                admin_users: ["${ADMIN}"]
                """, "env.yaml", name -> switch (name) {
                    case "PG_PORT" -> "5444";
                    case "ADMIN" -> "app";
                    default -> null;
                });

        assertThat(config.nodes().get(0).port()).isEqualTo(5444);
        assertThat(config.adminUsers()).containsExactly("app");
    }

    @Test
    void undefinedVariableNamesTheVariableTheKeyAndTheLine() {
        String message = errorOf(withPassword("${NOT_SET_ANYWHERE}"), 4, "users[0].password");

        assertThat(message).contains("'NOT_SET_ANYWHERE' is not set");
    }

    @Test
    void unterminatedReferenceIsAnErrorThatDoesNotEchoTheValue() {
        String message = errorOf(withPassword("hunter2${APP_PASSWORD"), 4, "users[0].password");

        assertThat(message).contains("unterminated").doesNotContain("hunter2");
    }

    @Test
    void malformedVariableNameIsAnError() {
        assertThat(errorOf(withPassword("${1BAD}"), 4, "users[0].password")).contains("${1BAD}");
    }
}
