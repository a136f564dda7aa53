package dev.pgrelay.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgrelay.protocol.backend.Authentication;
import dev.pgrelay.protocol.backend.AuthenticationCleartextPassword;
import dev.pgrelay.protocol.backend.AuthenticationMd5Password;
import dev.pgrelay.protocol.backend.AuthenticationOk;
import dev.pgrelay.protocol.backend.AuthenticationSasl;
import dev.pgrelay.protocol.backend.AuthenticationSaslContinue;
import dev.pgrelay.protocol.backend.AuthenticationSaslFinal;
import dev.pgrelay.protocol.backend.BackendKeyData;
import dev.pgrelay.protocol.backend.BindComplete;
import dev.pgrelay.protocol.backend.CloseComplete;
import dev.pgrelay.protocol.backend.CommandComplete;
import dev.pgrelay.protocol.backend.DataRow;
import dev.pgrelay.protocol.backend.EmptyQueryResponse;
import dev.pgrelay.protocol.backend.ErrorResponse;
import dev.pgrelay.protocol.backend.NoData;
import dev.pgrelay.protocol.backend.NoticeResponse;
import dev.pgrelay.protocol.backend.NotificationResponse;
import dev.pgrelay.protocol.backend.ParameterStatus;
import dev.pgrelay.protocol.backend.ParseComplete;
import dev.pgrelay.protocol.backend.ReadyForQuery;
import dev.pgrelay.protocol.backend.RowDescription;
import dev.pgrelay.protocol.frontend.CancelRequest;
import dev.pgrelay.protocol.frontend.Close;
import dev.pgrelay.protocol.frontend.CopyDone;
import dev.pgrelay.protocol.frontend.CopyFail;
import dev.pgrelay.protocol.frontend.Describe;
import dev.pgrelay.protocol.frontend.Execute;
import dev.pgrelay.protocol.frontend.Flush;
import dev.pgrelay.protocol.frontend.GssEncRequest;
import dev.pgrelay.protocol.frontend.Parse;
import dev.pgrelay.protocol.frontend.PasswordMessage;
import dev.pgrelay.protocol.frontend.Query;
import dev.pgrelay.protocol.frontend.SaslInitialResponse;
import dev.pgrelay.protocol.frontend.SaslResponse;
import dev.pgrelay.protocol.frontend.SslRequest;
import dev.pgrelay.protocol.frontend.StartupMessage;
import dev.pgrelay.protocol.frontend.StartupPacket;
import dev.pgrelay.protocol.frontend.Sync;
import dev.pgrelay.protocol.frontend.Terminate;
import dev.pgrelay.protocol.testing.Encoded;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every message class, encoded and decoded back; and what decoding does with cut or padded bodies. */
class MessageRoundTripTest {

    /**
     * A message, the decoder for its body, and how many leading body bytes must be complete: all of
     * them for a self-delimiting body, only the fixed fields before an open-ended SASL payload.
     */
    record Case(PgMessage message, Function<ByteBuf, ?> decoder, int requiredBytes) {
        boolean selfDelimiting() {
            return requiredBytes == Integer.MAX_VALUE;
        }

        @Override
        public String toString() {
            return message.toString();
        }
    }

    private static Case of(PgMessage message, Function<ByteBuf, ?> decoder) {
        return new Case(message, decoder, Integer.MAX_VALUE);
    }

    /** SASL payloads run to the end of the frame: only the {@code fixedBytes} before them can be cut short. */
    private static Case openEnded(PgMessage message, Function<ByteBuf, ?> decoder, int fixedBytes) {
        return new Case(message, decoder, fixedBytes);
    }

    static Stream<Case> messages() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("user", "alice");
        parameters.put("database", "shop");
        parameters.put("options", "-c search_path=app");
        Map<Character, String> errorFields = new LinkedHashMap<>();
        errorFields.put('S', "ERROR");
        errorFields.put('C', "42P01");
        errorFields.put('M', "relation \"nope\" does not exist");
        errorFields.put('P', "15");
        byte[] sasl = "r=abc,s=c2FsdA==,i=4096".getBytes(UTF_8);
        return Stream.of(
                of(StartupMessage.of(parameters), StartupMessage::decode),
                of(SslRequest.INSTANCE, SslRequest::decode),
                of(GssEncRequest.INSTANCE, GssEncRequest::decode),
                of(new CancelRequest(4242, -7), CancelRequest::decode),
                of(new PasswordMessage("md53175bce1d3201d16594cebf9d7eb3f9d"), PasswordMessage::decode),
                of(new SaslInitialResponse("SCRAM-SHA-256", sasl), SaslInitialResponse::decode),
                of(new SaslInitialResponse("SCRAM-SHA-256", null), SaslInitialResponse::decode),
                openEnded(new SaslResponse(sasl), SaslResponse::decode, 0),
                of(new Query("SELECT 'grüße'; SELECT 2"), Query::decode),
                of(new Parse("s1", "SELECT $1, $2", new int[] {23, 0}), Parse::decode),
                of(new Parse("", "BEGIN", new int[0]), Parse::decode),
                of(new Close(Close.STATEMENT, "s1"), Close::decode),
                of(new Describe(Describe.PORTAL, ""), Describe::decode),
                of(new Execute("portal", 100), Execute::decode),
                of(Sync.INSTANCE, Sync::decode),
                of(Flush.INSTANCE, Flush::decode),
                of(Terminate.INSTANCE, Terminate::decode),
                of(CopyDone.INSTANCE, CopyDone::decode),
                of(new CopyFail("aborted by user"), CopyFail::decode),
                of(AuthenticationOk.INSTANCE, Authentication::decode),
                of(AuthenticationCleartextPassword.INSTANCE, Authentication::decode),
                of(new AuthenticationMd5Password(new byte[] {1, 2, 3, 4}), Authentication::decode),
                of(new AuthenticationSasl(List.of("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256")), Authentication::decode),
                openEnded(new AuthenticationSaslContinue(sasl), Authentication::decode, 4),
                openEnded(new AuthenticationSaslFinal("v=c2lnbmF0dXJl".getBytes(UTF_8)), Authentication::decode, 4),
                of(new ParameterStatus("TimeZone", "Europe/Paris"), ParameterStatus::decode),
                of(new BackendKeyData(4242, 0xCAFEBABE), BackendKeyData::decode),
                of(ReadyForQuery.IDLE, ReadyForQuery::decode),
                of(ReadyForQuery.IN_TRANSACTION, ReadyForQuery::decode),
                of(ReadyForQuery.FAILED, ReadyForQuery::decode),
                of(new ErrorResponse(errorFields), ErrorResponse::decode),
                of(NoticeResponse.of(NoticeResponse.WARNING, "01000", "careful"), NoticeResponse::decode),
                of(new CommandComplete("INSERT 0 3"), CommandComplete::decode),
                of(RowDescription.ofTextColumns("database", "user", "cl_active"), RowDescription::decode),
                of(DataRow.of("shop", null, ""), DataRow::decode),
                of(EmptyQueryResponse.INSTANCE, EmptyQueryResponse::decode),
                of(ParseComplete.INSTANCE, ParseComplete::decode),
                of(BindComplete.INSTANCE, BindComplete::decode),
                of(CloseComplete.INSTANCE, CloseComplete::decode),
                of(NoData.INSTANCE, NoData::decode),
                of(new NotificationResponse(4242, "jobs", "{\"id\":1}"), NotificationResponse::decode));
    }

    @ParameterizedTest
    @MethodSource("messages")
    void decodingTheEncodedBodyGivesBackAnEqualMessage(Case c) {
        assertThat(Encoded.decode(bodyOf(c.message()), c.decoder())).isEqualTo(c.message());
    }

    @ParameterizedTest
    @MethodSource("messages")
    void lengthFieldCountsItselfAndTheBody(Case c) {
        byte[] frame = Encoded.bytesOf(c.message());
        int lengthOffset = c.message() instanceof StartupPacket ? 0 : 1;
        assertThat(ByteBuffer.wrap(frame).getInt(lengthOffset)).isEqualTo(frame.length - lengthOffset);
    }

    @ParameterizedTest
    @MethodSource("messages")
    void bodyCutShortIsAProtocolViolationUnlessOnlyAnOpenEndedPayloadIsShorter(Case c) {
        byte[] body = bodyOf(c.message());
        for (int length = 0; length < body.length; length++) {
            byte[] cut = Arrays.copyOf(body, length);
            if (length < c.requiredBytes()) {
                assertRejected(cut, c, "body cut to " + length + " bytes");
            } else {
                assertThat(Encoded.decode(cut, c.decoder())).as("body cut to %d bytes", length).isNotNull();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("messages")
    void trailingByteIsAProtocolViolationUnlessThePayloadIsOpenEnded(Case c) {
        byte[] padded = Arrays.copyOf(bodyOf(c.message()), bodyOf(c.message()).length + 1);
        if (c.selfDelimiting()) {
            assertRejected(padded, c, "body with a trailing byte");
        } else {
            assertThat(Encoded.decode(padded, c.decoder())).isNotEqualTo(c.message());
        }
    }

    private static void assertRejected(byte[] body, Case c, String what) {
        assertThatThrownBy(() -> Encoded.decode(body, c.decoder()))
                .as(what)
                .isInstanceOf(ProtocolException.class)
                .satisfies(e -> assertThat(((ProtocolException) e).sqlState()).isIn("08P01", "28000"));
    }

    /** The bytes after the length field: what each decode method reads. */
    private static byte[] bodyOf(PgMessage message) {
        byte[] frame = Encoded.bytesOf(message);
        int bodyOffset = message instanceof StartupPacket ? 4 : 5;
        return Arrays.copyOfRange(frame, bodyOffset, frame.length);
    }
}
