package dev.pgrelay.proxy.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class StatementSplitterTest {

    /** Each statement as its token values joined by spaces. */
    private static List<String> split(String sql) {
        return StatementSplitter.split(sql).stream()
                .map(statement -> statement.tokens().stream().map(Token::value).collect(Collectors.joining(" ")))
                .toList();
    }

    @Test
    void splitsAtTopLevelSemicolons() {
        assertThat(split("SELECT 1; UPDATE t SET a = 2;SELECT 3"))
                .containsExactly("select 1", "update t set a = 2", "select 3");
    }

    @Test
    void semicolonsInsideLiteralsNamesAndCommentsDoNotSplit() {
        assertThat(split("SELECT 'a;b', $$c;d$$, \"e;f\" /* g; */ -- h;\n; SELECT E'\\';'"))
                .containsExactly("select a;b , c;d , e;f", "select ';");
    }

    @Test
    void semicolonsInsideParenthesesDoNotSplit() {
        assertThat(split("CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); DELETE FROM b); SELECT 1"))
                .hasSize(2)
                .last().isEqualTo("select 1");
    }

    @Test
    void aSqlStandardRoutineBodyStaysInItsCreateStatement() {
        String sql = """
                CREATE OR REPLACE FUNCTION f(x int) RETURNS int LANGUAGE sql
                BEGIN ATOMIC
                  SELECT CASE WHEN x > 0 THEN 1 ELSE 0 END;
                  SELECT x;
                END;
                SELECT f(1);
                COMMIT""";
        assertThat(split(sql)).hasSize(3).endsWith("select f ( 1 )", "commit");
        assertThat(split(sql).get(0)).startsWith("create or replace function").endsWith("select x ; end");
    }

    @Test
    void beginAndEndOutsideRoutineDefinitionsAreTransactionStatements() {
        assertThat(split("BEGIN; SELECT 1; END;")).containsExactly("begin", "select 1", "end");
    }

    @Test
    void emptyStatementsAreDropped() {
        assertThat(split(" ; ;; -- only a comment\n ;")).isEmpty();
        assertThat(split("")).isEmpty();
    }

    @Test
    void leadingCommentsBelongToTheirStatementAndOthersAreDropped() {
        List<SqlStatement> statements = StatementSplitter.split(
                "/* pgrelay:primary */ -- second\nSELECT /* inner */ 1; -- next\n SELECT 2 -- trailing");
        assertThat(statements).hasSize(2);
        assertThat(statements.get(0).leadingComments()).containsExactly(" pgrelay:primary ", " second");
        assertThat(statements.get(1).leadingComments()).containsExactly(" next");
        assertThat(statements.get(1).tokens()).extracting(Token::kind).doesNotContain(TokenKind.COMMENT);
    }

    @Test
    void anUnbalancedClosingParenthesisDoesNotSwallowTheNextStatement() {
        assertThat(split("SELECT 1); SELECT 2")).containsExactly("select 1 )", "select 2");
    }
}
