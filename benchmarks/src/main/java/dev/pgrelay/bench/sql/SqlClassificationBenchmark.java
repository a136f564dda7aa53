package dev.pgrelay.bench.sql;

import dev.pgrelay.bench.AverageTimeBenchmark;
import dev.pgrelay.proxy.sql.CachedSqlClassifier;
import dev.pgrelay.proxy.sql.Classification;
import dev.pgrelay.proxy.sql.SqlClassifier;
import java.util.List;
import java.util.Set;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Time per statement to classify SQL for routing and session pinning, over a mix an application sends: lexing and
 * checking the text ({@link SqlClassifier}, paid once per distinct text) and a cache hit
 * ({@link CachedSqlClassifier}, what pgrelay pays for every statement after that).
 */
@State(Scope.Thread)
public class SqlClassificationBenchmark extends AverageTimeBenchmark {
    /** Reads, writes, transaction control and session settings, short and long, as an ORM and pgbench send them. */
    static final List<String> MIX = List.of(
            "SELECT abalance FROM pgbench_accounts WHERE aid = $1",
            "UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2",
            "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES ($1, $2, $3, $4, CURRENT_TIMESTAMP)",
            "BEGIN",
            "COMMIT",
            "select * from users where id = $1",
            "SELECT n.nspname, c.relname FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n "
                    + "ON n.oid = c.relnamespace WHERE pg_catalog.pg_table_is_visible(c.oid)",
            "WITH recent AS (SELECT * FROM orders WHERE created_at > now() - interval '1 day') "
                    + "SELECT count(*) FROM recent",
            "SELECT count(*), max(created_at) FROM orders GROUP BY customer_id HAVING sum(total) > 100",
            "SELECT * FROM t WHERE id IN (SELECT id FROM u) FOR UPDATE",
            "DELETE FROM sessions WHERE expires_at < now()",
            "SET search_path = app",
            "select nextval ('seq')",
            "/* UPDATE t SET a = 1; */ SELECT 1");

    private final String[] statements = MIX.toArray(String[]::new);
    private SqlClassifier uncached;
    private CachedSqlClassifier cached;
    private int next;

    @Setup
    public void setUp() {
        uncached = new SqlClassifier(Set.of());
        cached = new CachedSqlClassifier(uncached, CachedSqlClassifier.DEFAULT_MAXIMUM_CACHED_CHARS);
        MIX.forEach(cached::classify);   // warm: the benchmark measures hits
    }

    /** The next statement of the mix, round and round. */
    private String nextStatement() {
        String sql = statements[next];
        next = next + 1 == statements.length ? 0 : next + 1;
        return sql;
    }

    @Benchmark
    public Classification uncached() {
        return uncached.classify(nextStatement());
    }

    @Benchmark
    public Classification cached() {
        return cached.classify(nextStatement());
    }
}
