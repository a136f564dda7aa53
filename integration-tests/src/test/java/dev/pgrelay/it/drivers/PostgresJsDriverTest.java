package dev.pgrelay.it.drivers;

import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import java.util.List;

/** postgres.js (npm {@code postgres}) in the driver matrix: src/test/node/postgres_js_workload.js, one sql each. */
class PostgresJsDriverTest extends DriverMatrixTest {

    @Override
    String runWorkload(PgRelayEnvironment env, int clients) throws Exception {
        String node = ScriptRuntimes.nodeWithPackage("postgres").toString();
        String script = ScriptRuntimes.NODE_PROJECT.resolve("postgres_js_workload.js").toString();
        return DriverScript.run(env, clients, List.of(node, script));
    }
}
