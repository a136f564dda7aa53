package dev.pgrelay.it.drivers;

import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import java.util.List;

/** node-postgres (npm {@code pg}) in the driver matrix: src/test/node/node_postgres_workload.js, one Client each. */
class NodePostgresDriverTest extends DriverMatrixTest {

    @Override
    String runWorkload(PgRelayEnvironment env, int clients) throws Exception {
        String node = ScriptRuntimes.nodeWithPackage("pg").toString();
        String script = ScriptRuntimes.NODE_PROJECT.resolve("node_postgres_workload.js").toString();
        return DriverScript.run(env, clients, List.of(node, script));
    }
}
