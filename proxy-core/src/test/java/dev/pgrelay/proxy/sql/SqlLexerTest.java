package dev.pgrelay.proxy.sql;

import static dev.pgrelay.proxy.sql.TokenKind.BIT_STRING;
import static dev.pgrelay.proxy.sql.TokenKind.COMMENT;
import static dev.pgrelay.proxy.sql.TokenKind.IDENTIFIER;
import static dev.pgrelay.proxy.sql.TokenKind.INVALID;
import static dev.pgrelay.proxy.sql.TokenKind.NUMBER;
import static dev.pgrelay.proxy.sql.TokenKind.OPERATOR;
import static dev.pgrelay.proxy.sql.TokenKind.PARAMETER;
import static dev.pgrelay.proxy.sql.TokenKind.PUNCTUATION;
import static dev.pgrelay.proxy.sql.TokenKind.QUOTED_IDENTIFIER;
import static dev.pgrelay.proxy.sql.TokenKind.SEMICOLON;
import static dev.pgrelay.proxy.sql.TokenKind.STRING;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlLexerTest {

    /** The tokens as "KIND:value" strings, which read well in a failure message. */
    private static List<String> lex(String sql) {
        return SqlLexer.tokenize(sql).stream().map(token -> token.kind() + ":" + token.value()).toList();
    }

    private static Token single(String sql) {
        List<Token> tokens = SqlLexer.tokenize(sql);
        assertThat(tokens).as(sql).hasSize(1);
        return tokens.get(0);
    }

    @Test
    void unquotedNamesAndKeywordsAreLowerCasedQuotedNamesKeepTheirCase() {
        assertThat(lex("SeLeCt MyCol FROM \"MyTable\""))
                .containsExactly("IDENTIFIER:select", "IDENTIFIER:mycol", "IDENTIFIER:from",
                        "QUOTED_IDENTIFIER:MyTable");
    }

    @Test
    void onlyAsciiLettersAreFoldedAndNonAsciiCharactersAreLetters() {
        assertThat(lex("SELECT ÄBC_Ü$1")).containsExactly("IDENTIFIER:select", "IDENTIFIER:Äbc_Ü$1");
    }

    @Test
    void doubledQuotesEscapeQuotes() {
        assertThat(single("'it''s'")).isEqualTo(new Token(STRING, "it's", 0, 7));
        assertThat(single("\"say \"\"hi\"\"\"")).isEqualTo(new Token(QUOTED_IDENTIFIER, "say \"hi\"", 0, 12));
    }

    @Test
    void backslashIsAnOrdinaryCharacterInStandardStrings() {
        assertThat(lex("'a\\' 'b'")).containsExactly("STRING:a\\", "STRING:b");
    }

    @Test
    void escapeStringsDecodeBackslashEscapes() {
        String escapes = "E'tab\\tnl\\nq\\'q\\\\ \\x41\\101 \\303\\251 \\u00e9 \\U0001F600 \\uD83D\\uDE00 \\q'";
        assertThat(single(escapes).value())
                .isEqualTo("tab\tnl\nq'q\\ AA é é \uD83D\uDE00 \uD83D\uDE00 q");
        assertThat(single("e'doubled '' quote'").value()).isEqualTo("doubled ' quote");
    }

    @Test
    void unicodeStringsAndNamesDecodeTheirEscapes() {
        assertThat(single("U&'d\\0061t\\+000061 \\\\'").value()).isEqualTo("data \\");
        assertThat(single("u&\"d\\0061t\"")).isEqualTo(new Token(QUOTED_IDENTIFIER, "dat", 0, 11));
    }

    @Test
    void uescapeNamesAnotherEscapeCharacterEvenAcrossComments() {
        assertThat(lex("U&'d!0061t' UESCAPE '!' , U&'d\\0061t' /* c */ uescape -- c\n '!'"))
                .containsExactly("STRING:dat", "PUNCTUATION:,", "STRING:d\\0061t");
    }

    @Test
    void nationalAndBitStrings() {
        assertThat(lex("N'national' B'1010' X'1F'"))
                .containsExactly("STRING:national", "BIT_STRING:b1010", "BIT_STRING:x1F");
    }

    @Test
    void stringsContinueOverANewlineButNotOnTheSameLine() {
        assertThat(lex("'a'\n  'b' -- c\n\t'c'")).containsExactly("STRING:abc");
        // the continuation keeps the escape mode of the literal it continues
        assertThat(lex("E'\\n' -- comment first\n'\\n'")).containsExactly("STRING:\n\n");
        assertThat(lex("'a' 'b'")).containsExactly("STRING:a", "STRING:b");
        assertThat(lex("'a' /* block */\n'b'")).containsExactly("STRING:a", "COMMENT: block ", "STRING:b");
    }

    @Test
    void dollarQuotesHoldAnythingUntilTheSameTag() {
        assertThat(single("$$it's; \"x\" -- not a comment$$").value()).isEqualTo("it's; \"x\" -- not a comment");
        assertThat(single("$fn$ inner $$ quote $$ $x$ $fn$"))
                .isEqualTo(new Token(STRING, " inner $$ quote $$ $x$ ", 0, 31));
    }

    @Test
    void dollarStartsParametersAndBelongsInsideNames() {
        assertThat(lex("$1 + $12 a$b$ c$$"))
                .containsExactly("PARAMETER:$1", "OPERATOR:+", "PARAMETER:$12", "IDENTIFIER:a$b$", "IDENTIFIER:c$$");
    }

    @Test
    void commentsNestAndKeepTheirText() {
        assertThat(lex("/* outer /* inner */ still */ SELECT -- tail")).containsExactly(
                "COMMENT: outer /* inner */ still ", "IDENTIFIER:select", "COMMENT: tail");
    }

    @Test
    void aCommentStartEndsAnOperator() {
        assertThat(lex("a*/*c*/b <--c\n1")).containsExactly(
                "IDENTIFIER:a", "OPERATOR:*", "COMMENT:c", "IDENTIFIER:b", "OPERATOR:<", "COMMENT:c", "NUMBER:1");
    }

    @Test
    void operatorsLoseATrailingSignUnlessTheyContainASpecialCharacter() {
        assertThat(lex("x=-1")).containsExactly("IDENTIFIER:x", "OPERATOR:=", "OPERATOR:-", "NUMBER:1");
        assertThat(lex("a @- b <> c != d || e")).containsExactly("IDENTIFIER:a", "OPERATOR:@-", "IDENTIFIER:b",
                "OPERATOR:<>", "IDENTIFIER:c", "OPERATOR:!=", "IDENTIFIER:d", "OPERATOR:||", "IDENTIFIER:e");
    }

    @Test
    void punctuation() {
        assertThat(lex("f(a[1], b.c::int, x := 1); 1..2")).containsExactly("IDENTIFIER:f", "PUNCTUATION:(",
                "IDENTIFIER:a", "PUNCTUATION:[", "NUMBER:1", "PUNCTUATION:]", "PUNCTUATION:,", "IDENTIFIER:b",
                "PUNCTUATION:.", "IDENTIFIER:c", "PUNCTUATION:::", "IDENTIFIER:int", "PUNCTUATION:,", "IDENTIFIER:x",
                "OPERATOR::=", "NUMBER:1", "PUNCTUATION:)", "SEMICOLON:;", "NUMBER:1", "PUNCTUATION:..", "NUMBER:2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"42", "3.14", ".5", "1.", "1e10", "2.5E-3", "0x1F", "0o17", "0b101", "1_000_000", "0x_FF"})
    void numbersAreOneTokenAsWritten(String number) {
        assertThat(single(number)).isEqualTo(new Token(NUMBER, number, 0, number.length()));
    }

    @Test
    void aLetterAfterANumberIsANewToken() {
        assertThat(lex("1e 0x 1_")).containsExactly("NUMBER:1", "IDENTIFIER:e", "NUMBER:0", "IDENTIFIER:x",
                "NUMBER:1", "IDENTIFIER:_");
    }

    @Test
    void positionsPointBackIntoTheText() {
        String sql = "  SELECT /* c */ 'x''y' AS \"q\"";
        for (Token token : SqlLexer.tokenize(sql)) {
            String text = sql.substring(token.start(), token.end());
            assertThat(text).as(token.toString()).isNotBlank();
        }
        assertThat(SqlLexer.tokenize(sql)).extracting(Token::start).containsExactly(2, 9, 17, 24, 27);
        assertThat(SqlLexer.tokenize(sql)).extracting(Token::end).containsExactly(8, 16, 23, 26, 30);
    }

    @Test
    void namesAreTruncatedTo63BytesWithoutSplittingACharacter() {
        assertThat(single("a".repeat(70)).value()).isEqualTo("a".repeat(63));
        assertThat(single("\"" + "é".repeat(40) + "\"").value()).isEqualTo("é".repeat(31));
    }

    @Test
    void textPostgresqlRejectsBecomesInvalidTokensRunningToTheEnd() {
        assertThat(lex("SELECT 'open")).containsExactly("IDENTIFIER:select", "INVALID:'open");
        assertThat(lex("SELECT \"open")).containsExactly("IDENTIFIER:select", "INVALID:\"open");
        assertThat(lex("SELECT /* open /* */")).containsExactly("IDENTIFIER:select", "INVALID:/* open /* */");
        assertThat(lex("SELECT $a$ open")).containsExactly("IDENTIFIER:select", "INVALID:$a$ open");
    }

    @Test
    void badEscapesAndStrayCharactersAreInvalid() {
        assertThat(lex("E'\\u12' E'\\uD83D' E'\\000' E'\\377' U&'\\00' \"\" U&'x' UESCAPE 'a' \\ { $"))
                .allMatch(token -> token.startsWith("INVALID:"))
                .hasSize(10);
    }

    @Test
    void semicolonsAreTokensOfTheirOwn() {
        assertThat(SqlLexer.tokenize("a;b")).extracting(Token::kind).containsExactly(IDENTIFIER, SEMICOLON, IDENTIFIER);
    }

    @Test
    void kindsOfEveryLiteral() {
        assertThat(SqlLexer.tokenize("x 'a' \"b\" B'1' 1 $1 + ( -- c\n#"))
                .extracting(Token::kind)
                .containsExactly(IDENTIFIER, STRING, QUOTED_IDENTIFIER, BIT_STRING, NUMBER, PARAMETER, OPERATOR,
                        PUNCTUATION, COMMENT, OPERATOR);
        assertThat(single("{").kind()).isEqualTo(INVALID);
    }
}
