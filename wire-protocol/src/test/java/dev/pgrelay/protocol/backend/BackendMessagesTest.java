package dev.pgrelay.protocol.backend;

import static dev.pgrelay.protocol.testing.WireBytes.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgrelay.protocol.ProtocolException;
import dev.pgrelay.protocol.testing.Encoded;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The exact bytes of the backend messages, and what the proxy reads from them. */
class BackendMessagesTest {

    @Test
    void readyForQueryIsOneStatusByte() {
        assertThat(Encoded.bytesOf(ReadyForQuery.IDLE)).isEqualTo(bytes().raw("I").asFrame('Z'));
    }

    @Test
    void readyForQueryStatusIsReadWithoutMovingTheBody() {
        ByteBuf body = Unpooled.wrappedBuffer(new byte[] {'T'});
        try {
            assertThat(ReadyForQuery.status(body)).isEqualTo('T');
            assertThat(body.readerIndex()).isZero();
        } finally {
            body.release();
        }
    }

    @Test
    void readyForQueryExistsOnlyAsItsThreeSingletons() {
        assertThat(ReadyForQuery.of('I')).isSameAs(ReadyForQuery.IDLE);
        assertThat(ReadyForQuery.of('T')).isSameAs(ReadyForQuery.IN_TRANSACTION);
        assertThat(ReadyForQuery.of('E')).isSameAs(ReadyForQuery.FAILED);
        assertThat(Encoded.decode(new byte[] {'E'}, ReadyForQuery::decode)).isSameAs(ReadyForQuery.FAILED);
    }

    @Test
    void unknownTransactionStatusIsAProtocolViolation() {
        assertThatThrownBy(() -> ReadyForQuery.of('X')).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> Encoded.decode(new byte[0], ReadyForQuery::status))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void errorResponseCarriesSeverityTwiceLikePostgres96AndLater() {
        byte[] expected = bytes().raw("S").cstring("FATAL").raw("V").cstring("FATAL").raw("C").cstring("53300")
                .raw("M").cstring("too many clients").raw("H").cstring("raise max_clients").int8(0).asFrame('E');
        assertThat(Encoded.bytesOf(ErrorResponse.of("FATAL", "53300", "too many clients", "raise max_clients")))
                .isEqualTo(expected);
    }

    @Test
    void errorResponseWithoutHintHasNoHintField() {
        ErrorResponse error = ErrorResponse.of(ErrorResponse.ERROR, "08P01", "bad");
        assertThat(error.fields()).containsOnlyKeys('S', 'V', 'C', 'M');
        assertThat(error.hint()).isNull();
        assertThat(error.detail()).isNull();
    }

    @Test
    void aFieldCodeOutsideAsciiIsAProtocolViolationNotAnIllegalArgument() {
        byte[] body = bytes().raw("S").cstring("ERROR").raw(new byte[] {(byte) 0x81}).cstring("x").int8(0).toArray();

        assertThatThrownBy(() -> Encoded.decode(body, ErrorResponse::decode)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("invalid field code 129");
        assertThatThrownBy(() -> Encoded.decode(body, NoticeResponse::decode)).isInstanceOf(ProtocolException.class);
    }

    @Test
    void errorResponseFieldsAreReadBack() {
        byte[] body = bytes().raw("S").cstring("ERROR").raw("C").cstring("42P01").raw("M").cstring("no table")
                .raw("D").cstring("details").raw("H").cstring("create it").int8(0).toArray();
        ErrorResponse error = Encoded.decode(body, ErrorResponse::decode);
        assertThat(error.severity()).isEqualTo("ERROR");
        assertThat(error.sqlState()).isEqualTo("42P01");
        assertThat(error.message()).isEqualTo("no table");
        assertThat(error.detail()).isEqualTo("details");
        assertThat(error.hint()).isEqualTo("create it");
    }

    @Test
    void untranslatedSeverityWinsOverTheTranslatedOne() {
        ErrorResponse translated = new ErrorResponse(Map.of('S', "SCHWERWIEGEND", 'V', "FATAL"));
        assertThat(translated.severity()).isEqualTo("FATAL");
        assertThat(translated.isFatal()).isTrue();
        assertThat(new ErrorResponse(Map.of('S', "FATAL")).severity()).isEqualTo("FATAL");
    }

    @ParameterizedTest
    @CsvSource({"FATAL, true", "PANIC, true", "ERROR, false"})
    void onlyFatalAndPanicEndTheSession(String severity, boolean fatal) {
        assertThat(ErrorResponse.of(severity, "XX000", "x").isFatal()).isEqualTo(fatal);
    }

    @Test
    void noticeResponseHasTheSameFieldsUnderTypeN() {
        assertThat(Encoded.bytesOf(NoticeResponse.of("WARNING", "01000", "w"))[0]).isEqualTo((byte) 'N');
    }

    @Test
    void authenticationRequestsAreACodeAndTheirData() {
        assertThat(Encoded.bytesOf(AuthenticationOk.INSTANCE)).isEqualTo(bytes().int32(0).asFrame('R'));
        assertThat(Encoded.bytesOf(AuthenticationCleartextPassword.INSTANCE)).isEqualTo(bytes().int32(3).asFrame('R'));
        assertThat(Encoded.bytesOf(new AuthenticationMd5Password(new byte[] {9, 8, 7, 6})))
                .isEqualTo(bytes().int32(5).raw(new byte[] {9, 8, 7, 6}).asFrame('R'));
        assertThat(Encoded.bytesOf(AuthenticationSasl.SCRAM_SHA_256_ONLY))
                .isEqualTo(bytes().int32(10).cstring("SCRAM-SHA-256").int8(0).asFrame('R'));
        assertThat(Encoded.bytesOf(new AuthenticationSaslContinue("r=x".getBytes())))
                .isEqualTo(bytes().int32(11).raw("r=x").asFrame('R'));
        assertThat(Encoded.bytesOf(new AuthenticationSaslFinal("v=y".getBytes())))
                .isEqualTo(bytes().int32(12).raw("v=y").asFrame('R'));
    }

    @ParameterizedTest
    @CsvSource({"2, Kerberos V5", "7, GSSAPI", "8, GSSAPI", "9, SSPI", "99, unknown method"})
    void authenticationMethodsPgrelayCannotAnswerAreRefusedByName(int code, String method) {
        assertThatThrownBy(() -> Encoded.decode(bytes().int32(code).toArray(), Authentication::decode))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("unsupported authentication request " + code + " (" + method + ")")
                .satisfies(e -> assertThat(((ProtocolException) e).sqlState()).isEqualTo("08P01"));
    }

    @Test
    void md5SaltMustBeFourBytes() {
        assertThatThrownBy(() -> new AuthenticationMd5Password(new byte[3]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dataRowWritesSqlNullAsLengthMinusOneAndTextAsUtf8() {
        assertThat(Encoded.bytesOf(DataRow.of("é", null)))
                .isEqualTo(bytes().int16(2).int32(2).raw("é").int32(-1).asFrame('D'));
        assertThat(Encoded.decode(bytes().int16(2).int32(2).raw("é").int32(-1).toArray(), DataRow::decode).values())
                .containsExactly("é", null);
    }

    @Test
    void dataRowWithANegativeLengthOtherThanMinusOneIsRefused() {
        assertThatThrownBy(() -> Encoded.decode(bytes().int16(1).int32(-5).toArray(), DataRow::decode))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void textColumnsDescribeThemselvesLikeAComputedSelectColumn() {
        RowDescription description = RowDescription.ofTextColumns("pool");
        assertThat(Encoded.bytesOf(description)).isEqualTo(bytes().int16(1).cstring("pool").int32(0).int16(0)
                .int32(25).int16(-1).int32(-1).int16(0).asFrame('T'));
        assertThat(description.columnNames()).containsExactly("pool");
    }

    @Test
    void parameterStatusIsNameAndValue() {
        assertThat(Encoded.bytesOf(new ParameterStatus("client_encoding", "UTF8")))
                .isEqualTo(bytes().cstring("client_encoding").cstring("UTF8").asFrame('S'));
    }

    @Test
    void backendKeyDataIsProcessIdAndSecretKey() {
        assertThat(Encoded.bytesOf(new BackendKeyData(12, 34))).isEqualTo(bytes().int32(12).int32(34).asFrame('K'));
        assertThat(new BackendKeyData(12, 987654321).toString()).doesNotContain("987654321");
    }

    @Test
    void authenticationSaslListsMechanismsInOrder() {
        byte[] body = bytes().int32(10).cstring("SCRAM-SHA-256-PLUS").cstring("SCRAM-SHA-256").int8(0).toArray();
        assertThat(Encoded.decode(body, Authentication::decode))
                .isEqualTo(new AuthenticationSasl(List.of("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256")));
    }
}
