package dev.pgrelay.config;

import static dev.pgrelay.config.ConfigTexts.MINIMAL;
import static dev.pgrelay.config.ConfigTexts.errorOf;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Every kind of mistake is reported with the key path and the 1-based line where it is. MINIMAL has 5 lines. */
class ConfigErrorsTest {

    @Test
    void unknownTopLevelKeyListsTheKnownKeys() {
        String message = errorOf(MINIMAL + "pools:\n  size: 5\n", 6, "pools");

        assertThat(message).isEqualTo("pgrelay.yaml:6: unknown key 'pools' (expected one of: listen, admin_http, nodes,"
                + " users, admin_users, pool, routing, health, failover, tls, limits, ledger, hba, auth_query)");
    }

    @Test
    void unknownNestedKeyNamesItsFullPath() {
        String message = errorOf(MINIMAL + "pool:\n  mode: session\n  sise: 5\n", 8, "pool.sise");

        assertThat(message).contains("unknown key 'pool.sise'").contains("expected one of: mode, size,");
    }

    @Test
    void unknownKeyInAListItemNamesTheItem() {
        errorOf("nodes:\n  - host: db1\n  - host: db2\n    prot: 5433\nusers: [{ name: app, password: pw }]\n",
                4, "nodes[1].prot");
    }

    @Test
    void keyThatIsNotAPlainName() {
        assertThat(errorOf(MINIMAL + "pool:\n  ? [a]\n  : 1\n", 7, "pool")).contains("keys must be plain names");
    }

    @Test
    void wordWhereANumberBelongs() {
        String message = errorOf(MINIMAL + "pool:\n  size: ten\n", 7, "pool.size");

        assertThat(message).isEqualTo("pgrelay.yaml:7: pool.size: expected a whole number, got 'ten'");
    }

    @Test
    void numberBelowItsMinimum() {
        assertThat(errorOf(MINIMAL + "pool:\n  size: 0\n", 7, "pool.size")).contains("at least 1");
    }

    @Test
    void portOutOfRange() {
        assertThat(errorOf("nodes: [{ host: db1, port: 70000 }]\nusers: [{ name: app, password: pw }]\n",
                1, "nodes[0].port")).contains("at most 65535");
    }

    @Test
    void listenThatIsNotHostPort() {
        assertThat(errorOf(MINIMAL + "listen: 6432\n", 6, "listen")).contains("expected host:port");
    }

    @Test
    void notABoolean() {
        assertThat(errorOf(MINIMAL + "routing: { read_write_split: maybe }\n", 6, "routing.read_write_split"))
                .contains("expected true or false, got 'maybe'");
    }

    @Test
    void valueNotAmongTheChoices() {
        assertThat(errorOf(MINIMAL + "pool:\n  mode: sesion\n", 7, "pool.mode"))
                .contains("expected one of session, transaction, statement; got 'sesion'");
    }

    @Test
    void mappingWhereAValueBelongs() {
        assertThat(errorOf(MINIMAL + "pool:\n  size: { a: 1 }\n", 7, "pool.size")).contains("expected a single value");
    }

    @Test
    void valueWhereASectionBelongs() {
        assertThat(errorOf(MINIMAL + "pool: 5\n", 6, "pool")).contains("expected a mapping of settings, got '5'");
    }

    @Test
    void valueWhereAListBelongs() {
        assertThat(errorOf(MINIMAL + "admin_users: app\n", 6, "admin_users")).contains("expected a list");
    }

    @Test
    void badDurationShowsHowToWriteOne() {
        String message = errorOf(MINIMAL + "health:\n  interval: 5 parsecs\n", 7, "health.interval");

        assertThat(message).isEqualTo("pgrelay.yaml:7: health.interval: invalid duration '5 parsecs' (use e.g. 500ms, 1s, 2m)");
    }

    @Test
    void plainNumberAsDurationIsAmbiguous() {
        assertThat(errorOf(MINIMAL + "failover: { wait_for_primary: 30 }\n", 6, "failover.wait_for_primary"))
                .contains("30s or 30ms");
    }

    @Test
    void zeroHealthIntervalIsRejected() {
        assertThat(errorOf(MINIMAL + "health: { interval: 0 }\n", 6, "health.interval")).contains("greater than 0");
    }

    @Test
    void badSize() {
        assertThat(errorOf(MINIMAL + "limits:\n  max_message_size: 16 megs\n", 7, "limits.max_message_size"))
                .contains("invalid size '16 megs'");
    }

    @Test
    void negativeSize() {
        assertThat(errorOf(MINIMAL + "limits:\n  max_message_size: -5MB\n", 7, "limits.max_message_size"))
                .contains("must not be negative");
    }

    @Test
    void messageSizeBelowTheFloor() {
        assertThat(errorOf(MINIMAL + "limits:\n  max_message_size: 4kB\n", 7, "limits.max_message_size"))
                .contains("between 8kB and 1GB");
    }

    @Test
    void badReplicaLag() {
        assertThat(errorOf(MINIMAL + "routing:\n  max_replica_lag: lots\n", 7, "routing.max_replica_lag"))
                .contains("a size like 16MB or a duration like 10s");
    }

    @Test
    void missingNodesIsReportedAtTheTopOfTheFile() {
        assertThat(errorOf("users: [{ name: app, password: pw }]\n", 1, "nodes")).contains("at least one node");
    }

    @Test
    void emptyNodeListIsReportedWhereItIs() {
        errorOf("users: [{ name: app, password: pw }]\nnodes: []\n", 2, "nodes");
    }

    @Test
    void missingUsers() {
        errorOf("nodes: [{ host: db1 }]\n", 1, "users");
    }

    @Test
    void missingRequiredHostIsReportedAtItsNode() {
        assertThat(errorOf("nodes:\n  - host: db1\n  - port: 5433\nusers: [{ name: app, password: pw }]\n",
                3, "nodes[1].host")).contains("required");
    }

    @Test
    void missingPasswordUnlessTrust() {
        assertThat(errorOf("nodes: [{ host: db1 }]\nusers:\n  - name: app\n    auth: md5\n", 3, "users[0].password"))
                .contains("required unless auth is trust");
    }

    @Test
    void clientTlsNeedsCertificateUnlessDisabled() {
        assertThat(errorOf(MINIMAL + "tls:\n  client:\n    mode: require\n    key: /k.pem\n", 8, "tls.client.cert"))
                .contains("required when mode is require");
    }

    @Test
    void serverTlsVerificationNeedsCa() {
        assertThat(errorOf(MINIMAL + "tls:\n  server: { mode: verify-full }\n", 7, "tls.server.ca"))
                .contains("required when mode is verify-full");
    }

    @Test
    void minIdleAbovePoolSize() {
        assertThat(errorOf(MINIMAL + "pool:\n  size: 2\n  min_idle: 3\n", 8, "pool.min_idle"))
                .contains("must not exceed pool.size (2)");
    }

    @Test
    void duplicateKeyNamesBothLines() {
        assertThat(errorOf(MINIMAL + "pool:\n  size: 5\n  size: 6\n", 8, "pool.size"))
                .contains("duplicate key (first given at line 7)");
    }

    @Test
    void duplicateTopLevelKey() {
        errorOf(MINIMAL + "nodes: [{ host: db2 }]\n", 6, "nodes");
    }

    @Test
    void duplicateUser() {
        assertThat(errorOf("nodes: [{ host: db1 }]\nusers:\n  - { name: app, password: a }\n  - { name: app, password: b }\n",
                4, "users[1].name")).contains("duplicate user 'app' (first given at line 3)");
    }

    @Test
    void duplicateNodeAddress() {
        assertThat(errorOf("nodes:\n  - { host: db1 }\n  - { host: db1, port: 5432 }\nusers: [{ name: app, password: a }]\n",
                3, "nodes[1].port")).contains("duplicate node address 'db1:5432' (first given at line 2)");
    }

    @Test
    void duplicateNodeName() {
        errorOf("nodes:\n  - { host: db1, name: a }\n  - { host: db2, name: a }\nusers: [{ name: app, password: a }]\n",
                3, "nodes[1].name");
    }

    @Test
    void adminUserThatIsNotAUser() {
        assertThat(errorOf(MINIMAL + "admin_users:\n  - app\n  - root\n", 8, "admin_users[1]"))
                .contains("'root' is not one of the users (app)");
    }

    @Test
    void yamlSyntaxErrorCarriesItsLine() {
        assertThat(errorOf(MINIMAL + "pool:\n  size: [1, 2\n", 8, null)).contains("YAML syntax error");
    }

    @Test
    void badIndentationIsASyntaxError() {
        errorOf("nodes:\n  - host: db1\n   port: 5\n", 3, null);
    }

    @Test
    void emptyFile() {
        assertThat(errorOf("", 0, null)).contains("empty");
    }

    @Test
    void fileWithOnlyComments() {
        assertThat(errorOf("# nothing here\n", 0, null)).contains("empty");
    }

    @Test
    void topLevelListInsteadOfSettings() {
        assertThat(errorOf("- nodes\n- users\n", 1, null)).contains("expected a mapping of settings");
    }

    @Test
    void globalTagsAreRefusedByTheParser() {
        assertThat(errorOf(MINIMAL + "listen: !!javax.script.ScriptEngineManager x\n", 6, null))
                .contains("Global tag is not allowed");
    }

    @Test
    void localTagsAreRefused() {
        assertThat(errorOf(MINIMAL + "listen: !host 127.0.0.1:1\n", 6, "listen")).contains("unsupported tag !host");
    }

    @Test
    void binaryValuesAreRefused() {
        assertThat(errorOf(MINIMAL + "pool: { reset_query: !!binary U0VMRUNUIDE= }\n", 6, "pool.reset_query"))
                .contains("unsupported tag");
    }

    @Test
    void multipleDocumentsAreRefused() {
        assertThat(errorOf(MINIMAL + "---\nlisten: 127.0.0.1:1\n", 6, null)).contains("single document");
    }
}
