package dev.pgrelay.proxy.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SqlClassifierTest {
    private final SqlClassifier classifier = new SqlClassifier(Set.of());

    static Stream<String> readOnlyStatements() {
        return ClassificationExamples.READ_ONLY.stream();
    }

    static Stream<String> writeStatements() {
        return ClassificationExamples.WRITES.stream();
    }

    @ParameterizedTest(name = "replica may run: {0}")
    @MethodSource("readOnlyStatements")
    void aReplicaMayRun(String sql) {
        assertThat(classifier.classify(sql).readOnly()).isTrue();
    }

    @ParameterizedTest(name = "primary must run: {0}")
    @MethodSource("writeStatements")
    void thePrimaryMustRun(String sql) {
        assertThat(classifier.classify(sql).readOnly()).isFalse();
    }

    @Test
    void theSpecificationCoversManyStatements() {
        assertThat(ClassificationExamples.READ_ONLY.size() + ClassificationExamples.WRITES.size())
                .isGreaterThanOrEqualTo(150);
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            SELECT 1                                                       | NONE
            BEGIN                                                          | BEGIN
            BEGIN WORK                                                     | BEGIN
            START TRANSACTION                                              | BEGIN
            START TRANSACTION READ WRITE                                   | BEGIN
            BEGIN READ ONLY                                                | BEGIN_READ_ONLY
            START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY   | BEGIN_READ_ONLY
            BEGIN READ ONLY, READ WRITE                                    | BEGIN
            BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY                   | BEGIN
            COMMIT                                                         | COMMIT
            COMMIT WORK AND CHAIN                                          | COMMIT
            END TRANSACTION                                                | COMMIT
            ROLLBACK                                                       | ROLLBACK
            ABORT                                                          | ROLLBACK
            ROLLBACK AND NO CHAIN                                          | ROLLBACK
            SAVEPOINT sp                                                   | SAVEPOINT
            RELEASE sp                                                     | RELEASE_SAVEPOINT
            RELEASE SAVEPOINT sp                                           | RELEASE_SAVEPOINT
            ROLLBACK TO sp                                                 | ROLLBACK_TO_SAVEPOINT
            ROLLBACK WORK TO SAVEPOINT sp                                  | ROLLBACK_TO_SAVEPOINT
            PREPARE TRANSACTION 'gid'                                      | PREPARE_TRANSACTION
            COMMIT PREPARED 'gid'                                          | NONE
            ROLLBACK PREPARED 'gid'                                        | NONE
            PREPARE transaction AS SELECT 1                                | NONE
            SET TRANSACTION READ ONLY                                      | SET_TRANSACTION_READ_ONLY
            SET LOCAL TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY | SET_TRANSACTION_READ_ONLY
            SET TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ ONLY        | NONE
            SET TRANSACTION READ WRITE                                     | NONE
            SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY           | NONE
            BEGIN READ ONLY; SELECT 1; COMMIT                              | COMMIT
            SELECT 1; BEGIN READ ONLY                                      | BEGIN_READ_ONLY
            /* BEGIN */ SELECT 'COMMIT'                                    | NONE
            """)
    void transactionControlIsTheLastTransactionStatement(String sql, TransactionControl expected) {
        assertThat(classifier.classify(sql).txControl()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/* pgrelay:primary */ SELECT 1", "-- pgrelay:primary\nSELECT 1", "/*pgrelay:primary*/SELECT 1",
        "/* PGRELAY:PRIMARY because reports must be fresh */ SELECT 1", "SELECT 1; /* pgrelay:primary */ SELECT 2",
        "/* other */ -- pgrelay:primary\n SELECT 1"})
    void aLeadingHintForcesThePrimaryWithoutMakingTheQueryAWrite(String sql) {
        Classification classification = classifier.classify(sql);
        assertThat(classification.forcePrimary()).isTrue();
        assertThat(classification.readOnly()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT /* pgrelay:primary */ 1", "SELECT '/* pgrelay:primary */'", "/* pgrelay:primaryish */ SELECT 1",
        "/* pgrelay:replica */ SELECT 1", "SELECT 1 -- pgrelay:primary"})
    void onlyALeadingHintCounts(String sql) {
        assertThat(classifier.classify(sql).forcePrimary()).isFalse();
    }

    static Stream<Arguments> configuredReadOnlyFunctions() {
        return Stream.of(
                Arguments.of("SELECT report_total(1)", true),
                Arguments.of("SELECT app.report_total(1)", true),
                Arguments.of("SELECT billing.invoice_sum()", true),
                Arguments.of("SELECT invoice_sum()", false),
                Arguments.of("SELECT other.invoice_sum()", false),
                Arguments.of("SELECT \"Report_Total\"(1)", false),
                Arguments.of("SELECT nextval('s'), report_total(1)", false));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("configuredReadOnlyFunctions")
    void configuredFunctionsMayRunOnAReplica(String sql, boolean readOnly) {
        SqlClassifier configured = new SqlClassifier(Set.of("report_total", "billing.invoice_sum"));
        assertThat(configured.classify(sql).readOnly()).isEqualTo(readOnly);
    }

    @Test
    void theClassificationCarriesTheSessionEffects() {
        Classification classification = classifier.classify("SET search_path = app; SELECT pg_advisory_lock(1)");
        assertThat(classification.sessionEffects()).containsExactly(
                new SessionEffect.SetSession("search_path", "app"), new SessionEffect.Pin(PinReason.ADVISORY_LOCK));
    }

    @Test
    void aReadOnlyQueryHasNoSessionEffects() {
        assertThat(classifier.classify("SELECT * FROM t"))
                .isEqualTo(new Classification(true, false, TransactionControl.NONE, List.of()));
    }
}
