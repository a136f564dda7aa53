package dev.pgrelay.it.drivers;

import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import java.util.List;

/** psycopg 3 in the driver matrix: src/test/python/psycopg_workload.py, one thread and connection per client. */
class PsycopgDriverTest extends DriverMatrixTest {

    @Override
    String runWorkload(PgRelayEnvironment env, int clients) throws Exception {
        String python = ScriptRuntimes.pythonWithPsycopg().toString();
        String script = ScriptRuntimes.PYTHON_SCRIPTS.resolve("psycopg_workload.py").toString();
        return DriverScript.run(env, clients, List.of(python, script));
    }
}
