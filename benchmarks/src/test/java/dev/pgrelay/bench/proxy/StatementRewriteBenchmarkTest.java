package dev.pgrelay.bench.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each invocation must rewrite, not fail or pile up answers owed: StatementNameRewriterTest checks what is sent. */
class StatementRewriteBenchmarkTest {
    private final StatementRewriteBenchmark benchmark = new StatementRewriteBenchmark();

    StatementRewriteBenchmarkTest() {
        benchmark.setUp();
    }

    @AfterEach
    void tearDown() {
        benchmark.tearDown();
    }

    @Test
    void bindSendsOneBindAndLeavesNothingOwed() {
        for (int invocation = 0; invocation < 3; invocation++) {
            benchmark.bind();
            assertThat(benchmark.takeServerWrites()).isEqualTo(1);
            assertThat(benchmark.server().pending().isEmpty()).isTrue();
        }
    }

    @Test
    void aStatementsLifeSendsOnlyItsBindAndDescribe() {
        for (int invocation = 0; invocation < 3; invocation++) {
            benchmark.parseBindDescribeClose();
            assertThat(benchmark.takeServerWrites()).isEqualTo(2);
            assertThat(benchmark.server().pending().isEmpty()).isTrue();
            assertThat(benchmark.server().statements().size()).isEqualTo(1);
        }
    }
}
