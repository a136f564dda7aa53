package dev.pgrelay.proxy.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CachedSqlClassifierTest {
    private final SqlClassifier classifier = new SqlClassifier(Set.of("report_total"));

    @Test
    void classifiesAsTheClassifierDoes() {
        CachedSqlClassifier cached =
                new CachedSqlClassifier(classifier, CachedSqlClassifier.DEFAULT_MAXIMUM_CACHED_CHARS);
        for (String sql : ClassificationExamples.WRITES) {
            assertThat(cached.classify(sql)).as(sql).isEqualTo(classifier.classify(sql));
        }
        assertThat(cached.classify("SELECT report_total(1)").readOnly()).isTrue();
    }

    @Test
    void aTextSeenBeforeIsNotClassifiedAgain() {
        CachedSqlClassifier cached = new CachedSqlClassifier(classifier, 1_000);
        Classification first = cached.classify("SELECT * FROM users WHERE id = $1");
        assertThat(cached.classify("SELECT * FROM users WHERE id = $1")).isSameAs(first);
        assertThat(cached.cachedTexts()).isEqualTo(1);
    }

    @Test
    void theCacheHoldsNoMoreCharactersThanItsBound() {
        CachedSqlClassifier cached = new CachedSqlClassifier(classifier, 1_000);
        for (int i = 0; i < 1_000; i++) {
            cached.classify("SELECT * FROM t WHERE id = " + (100_000 + i)); // 33 characters each
        }
        assertThat(cached.cachedTexts()).isPositive().isLessThanOrEqualTo(1_000 / 33);
    }

    @Test
    void aTextLargerThanTheBoundIsClassifiedButNotKept() {
        CachedSqlClassifier cached = new CachedSqlClassifier(classifier, 1_000);
        String bulkInsert = "INSERT INTO t VALUES " + "(1, 'x'),".repeat(200) + "(1, 'x')";
        assertThat(cached.classify(bulkInsert).readOnly()).isFalse();
        assertThat(cached.cachedTexts()).isZero();
    }
}
