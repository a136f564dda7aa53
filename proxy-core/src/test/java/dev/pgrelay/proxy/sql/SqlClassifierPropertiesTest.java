package dev.pgrelay.proxy.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Randomized properties of the lexer and classifier. Each run uses a new seed, printed in every failure
 * message; rerun a failure with {@code -Dpgrelay.test.seed=<seed>}, soak with {@code -Dpgrelay.test.runs=100000}.
 */
class SqlClassifierPropertiesTest {
    private static final int RUNS = Integer.getInteger("pgrelay.test.runs", 3000);
    /** Pieces that reach every state of the lexer, broken ones included. */
    private static final List<String> FRAGMENTS = List.of(
            "SELECT", "delete", "INTO", "FOR", "UPDATE", "SET", "RESET", "ROLE", "SESSION", "AUTHORIZATION",
            "LOCAL", "TIME", "ZONE", "NAMES", "SCHEMA", "DEFAULT", "TO", "FROM", "STDOUT", "COPY", "EXPLAIN",
            "ANALYZE", "WITH", "AS", "MATERIALIZED", "CREATE", "TEMP", "TABLE", "pg_temp", "FUNCTION", "BEGIN",
            "ATOMIC", "CASE", "END", "COMMIT", "ROLLBACK", "PREPARE", "TRANSACTION", "EXECUTE", "DEALLOCATE", "ALL",
            "DECLARE", "HOLD", "LISTEN", "LOAD", "READ", "ONLY", "pg_advisory_lock", "set_config", "nextval", "true",
            "x", "(", ")", "[", "]", "'", "''", "\"", "\"\"", "$$", "$a$", "$", "$1", "E'", "U&'", "U&\"", "UESCAPE",
            "B'", "X'", "N'", "/*", "*/", "--", "\n", "\r", " ", "\t", ";", ",", ".", "..", ":", "::", ":=", "=",
            "-", "+", "*", "/", "<>", "@-", "\\", "\\u", "\\U0001F600", "\\uD83D", "\\x", "\\0", "\\+", "{", "0x",
            "0b", "1_0", "_", "1.5e-3", "e", "é", "\uD83D", "\uDE00", "\u0000", "7");

    private final long seed = Long.getLong("pgrelay.test.seed", System.nanoTime());
    private final Random random = new Random(seed);
    private final SqlClassifier classifier = new SqlClassifier(Set.of());

    @Test
    void randomTokenSoupNeverThrowsAndTokensCoverEverythingButWhitespace() {
        for (int run = 0; run < RUNS; run++) {
            String sql = soup();
            assertThatCode(() -> {
                assertTokensCoverAllButWhitespace(sql);
                classifier.classify(sql);
                SessionEffects.of(sql);
            }).as(describe(sql)).doesNotThrowAnyException();
        }
    }

    @Test
    void commentsAndWhitespaceBetweenTokensDoNotChangeTheClassification() {
        List<String> corpus = corpus();
        for (int run = 0; run < RUNS; run++) {
            String sql = corpus.get(random.nextInt(corpus.size()));
            String respaced = respace(sql);
            assertThat(classifier.classify(respaced))
                    .as(describe(sql) + " rewritten as [" + respaced + "]")
                    .isEqualTo(classifier.classify(sql));
        }
    }

    @Test
    void aWriteAfterSelectOneIsStillTheSameWrite() {
        List<String> prefixes = List.of("SELECT 1;", "SELECT 1 ;\n", "select 1; /* ; */ ", "SELECT 1;SELECT 1; ");
        for (int run = 0; run < RUNS; run++) {
            String write = ClassificationExamples.WRITES.get(random.nextInt(ClassificationExamples.WRITES.size()));
            String sql = prefixes.get(random.nextInt(prefixes.size())) + write;
            Classification classification = classifier.classify(sql);
            assertThat(classification.readOnly()).as(describe(sql)).isFalse();
            assertThat(classification).as(describe(sql)).isEqualTo(classifier.classify(write));
        }
    }

    @Test
    void aWriteAfterAnyReadOnlyStatementIsStillAWrite() {
        for (int run = 0; run < RUNS; run++) {
            String read = ClassificationExamples.READ_ONLY.get(random.nextInt(ClassificationExamples.READ_ONLY.size()));
            String write = ClassificationExamples.WRITES.get(random.nextInt(ClassificationExamples.WRITES.size()));
            String sql = read + "\n;" + write;
            Classification classification = classifier.classify(sql);
            assertThat(classification.readOnly()).as(describe(sql)).isFalse();
            assertThat(classification.sessionEffects()).as(describe(sql))
                    .isEqualTo(classifier.classify(write).sessionEffects());
        }
    }

    private String soup() {
        StringBuilder sql = new StringBuilder();
        int pieces = random.nextInt(40);
        for (int i = 0; i < pieces; i++) {
            if (random.nextInt(5) == 0) {
                sql.append((char) random.nextInt(0x3000));
            } else {
                sql.append(FRAGMENTS.get(random.nextInt(FRAGMENTS.size())));
            }
            if (random.nextBoolean()) {
                sql.append(' ');
            }
        }
        return sql.toString();
    }

    /**
     * The same tokens with random whitespace and comments between them. A line comment needs a newline after it,
     * and a newline after a string literal would join it with a following one, so those get other separators.
     */
    private String respace(String sql) {
        List<String> anywhere = List.of(" ", "  ", "\t", " /* c */ ", " /* nested /* c */ */ ", "/**/");
        List<String> withNewline = List.of("\n", "\r\n  ", " -- c\n", "\n/* c */\n");
        StringBuilder respaced = new StringBuilder();
        Token previous = null;
        for (Token token : SqlLexer.tokenize(sql)) {
            boolean afterLineComment = previous != null && sql.startsWith("--", previous.start());
            boolean afterString = previous != null
                    && (previous.kind() == TokenKind.STRING || previous.kind() == TokenKind.BIT_STRING);
            if (afterLineComment) {
                respaced.append('\n');
            }
            List<String> separators = afterString || random.nextBoolean() ? anywhere : withNewline;
            respaced.append(separators.get(random.nextInt(separators.size())));
            respaced.append(sql, token.start(), token.end());
            previous = token;
        }
        return respaced.toString();
    }

    private static void assertTokensCoverAllButWhitespace(String sql) {
        int covered = 0;
        for (Token token : SqlLexer.tokenize(sql)) {
            assertThat(token.start()).isGreaterThanOrEqualTo(covered);
            assertThat(token.end()).isGreaterThan(token.start()).isLessThanOrEqualTo(sql.length());
            assertThat(sql.substring(covered, token.start())).isBlank();
            covered = token.end();
        }
        assertThat(sql.substring(covered)).isBlank();
    }

    private static List<String> corpus() {
        List<String> corpus = new ArrayList<>(ClassificationExamples.READ_ONLY);
        corpus.addAll(ClassificationExamples.WRITES);
        corpus.addAll(List.of(
                "SET search_path TO \"My Schema\", public", "SET application_name = 'a' 'b'",
                "SET TIME ZONE -7", "RESET ROLE", "PREPARE q (int) AS SELECT $1", "DEALLOCATE PREPARE ALL",
                "/* pgrelay:primary */ SELECT 1", "-- pgrelay:primary\nSELECT 1", "CREATE TEMP TABLE t (id int)",
                "SELECT * INTO TEMP t FROM s", "SELECT set_config('a.b', 'c', true)"));
        return corpus;
    }

    private String describe(String sql) {
        return "seed " + seed + " (rerun with -Dpgrelay.test.seed=" + seed + "), sql [" + sql + "]";
    }
}
