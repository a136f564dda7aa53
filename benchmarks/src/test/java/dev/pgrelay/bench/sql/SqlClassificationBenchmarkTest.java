package dev.pgrelay.bench.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.proxy.sql.Classification;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlClassificationBenchmarkTest {
    private final SqlClassificationBenchmark benchmark = new SqlClassificationBenchmark();

    SqlClassificationBenchmarkTest() {
        benchmark.setUp();
    }

    @Test
    void cachedAndUncachedClassifyTheWholeMixAlike() {
        List<Classification> uncached = new ArrayList<>();
        List<Classification> cached = new ArrayList<>();
        for (int i = 0; i < SqlClassificationBenchmark.MIX.size(); i++) {
            uncached.add(benchmark.uncached());
        }
        for (int i = 0; i < SqlClassificationBenchmark.MIX.size(); i++) {
            cached.add(benchmark.cached());
        }
        assertThat(cached).isEqualTo(uncached);
    }

    @Test
    void theMixHoldsStatementsForReplicasAndForThePrimary() {
        List<Boolean> readOnly = new ArrayList<>();
        for (int i = 0; i < SqlClassificationBenchmark.MIX.size(); i++) {
            readOnly.add(benchmark.uncached().readOnly());
        }
        assertThat(readOnly).contains(true, false);
    }
}
