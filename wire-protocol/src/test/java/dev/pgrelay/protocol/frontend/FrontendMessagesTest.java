package dev.pgrelay.protocol.frontend;

import static dev.pgrelay.protocol.testing.WireBytes.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgrelay.protocol.ProtocolException;
import dev.pgrelay.protocol.testing.Encoded;
import dev.pgrelay.protocol.testing.WireBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exact bytes of the frontend messages, and what the proxy reads from them. */
class FrontendMessagesTest {

    @Test
    void startupMessageIsLengthVersionParameterPairsAndATerminator() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("user", "alice");
        parameters.put("database", "shop");
        assertThat(Encoded.bytesOf(StartupMessage.of(parameters))).isEqualTo(bytes().int32(196608)
                .cstring("user").cstring("alice").cstring("database").cstring("shop").int8(0).asStartupPacket());
    }

    @Test
    void startupMessageKeepsTheClientsParameterOrder() {
        byte[] body = bytes().int32(196608).cstring("user").cstring("a").cstring("zeta").cstring("1")
                .cstring("alpha").cstring("2").int8(0).toArray();
        assertThat(Encoded.decode(body, StartupMessage::decode).parameters().keySet())
                .containsExactly("user", "zeta", "alpha");
    }

    @Test
    void databaseDefaultsToTheUserWhenMissingOrEmpty() {
        assertThat(StartupMessage.of(Map.of("user", "alice")).database()).isEqualTo("alice");
        assertThat(StartupMessage.of(Map.of("user", "alice", "database", "")).database()).isEqualTo("alice");
        assertThat(StartupMessage.of(Map.of("user", "alice", "database", "shop")).database()).isEqualTo("shop");
    }

    @Test
    void encryptionAndCancelRequestsCarryTheirMagicCodes() {
        assertThat(Encoded.bytesOf(SslRequest.INSTANCE)).isEqualTo(bytes().int32(8).int32(80877103).toArray());
        assertThat(Encoded.bytesOf(GssEncRequest.INSTANCE)).isEqualTo(bytes().int32(8).int32(80877104).toArray());
        assertThat(Encoded.bytesOf(new CancelRequest(7, 9)))
                .isEqualTo(bytes().int32(16).int32(80877102).int32(7).int32(9).toArray());
    }

    @Test
    void queryIsItsSqlAsOneString() {
        assertThat(Encoded.bytesOf(new Query("SELECT 1"))).isEqualTo(bytes().cstring("SELECT 1").asFrame('Q'));
    }

    @Test
    void parseCountsItsParameterTypesInAnInt16() {
        assertThat(Encoded.bytesOf(new Parse("s1", "SELECT $1", new int[] {23})))
                .isEqualTo(bytes().cstring("s1").cstring("SELECT $1").int16(1).int32(23).asFrame('P'));
    }

    @Test
    void parseParameterCountIsUnsignedLikePostgresReadsIt() {
        WireBytes body = bytes().cstring("").cstring("q").int16(40000);
        for (int i = 0; i < 40000; i++) {
            body.int32(0);
        }
        assertThat(Encoded.decode(body.toArray(), Parse::decode).parameterTypes()).hasSize(40000);
    }

    @Test
    void parseHandsOutACopyOfItsParameterTypes() {
        Parse parse = new Parse("", "q", new int[] {23});
        parse.parameterTypes()[0] = 25;
        assertThat(parse.parameterTypes()).containsExactly(23);
    }

    @Test
    void bindNamesAreReadWithoutMovingTheBody() {
        ByteBuf body = Unpooled.wrappedBuffer(bytes().cstring("portal_1").cstring("stmt_1").int16(0).int16(0)
                .int16(0).toArray());
        try {
            assertThat(Bind.portalName(body)).isEqualTo("portal_1");
            assertThat(Bind.statementName(body)).isEqualTo("stmt_1");
            assertThat(body.readerIndex()).isZero();
        } finally {
            body.release();
        }
    }

    @Test
    void bindWithTextParametersWritesTextFormatsAndNullAsMinusOne() {
        byte[] frame = Encoded.bytesOf(Bind.withTextParameters("p", "s", java.util.Arrays.asList("ü", null)));

        assertThat(frame).isEqualTo(bytes().cstring("p").cstring("s").int16(0).int16(2)
                .int32(2).raw("ü").int32(-1).int16(0).asFrame('B'));
    }

    @Test
    void bindWithoutAStatementNameIsAProtocolViolation() {
        assertThatThrownBy(() -> Encoded.decode(bytes().cstring("portal_1").raw("stm").toArray(), Bind::statementName))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void closeAndDescribeNameAStatementOrAPortal() {
        assertThat(Encoded.bytesOf(new Close('S', "s1"))).isEqualTo(bytes().raw("S").cstring("s1").asFrame('C'));
        assertThat(Encoded.bytesOf(new Describe('P', ""))).isEqualTo(bytes().raw("P").cstring("").asFrame('D'));
    }

    @Test
    void closeOrDescribeOfAnythingElseIsRefused() {
        byte[] body = bytes().raw("X").cstring("s1").toArray();
        assertThatThrownBy(() -> Encoded.decode(body, Close::decode)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("invalid target 88");
        assertThatThrownBy(() -> Encoded.decode(body, Describe::decode)).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> new Close('X', "s1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void executeNamesThePortalAndTheRowLimit() {
        assertThat(Encoded.bytesOf(new Execute("", 0))).isEqualTo(bytes().cstring("").int32(0).asFrame('E'));
    }

    @Test
    void bodilessMessagesAreTheirTypeByteAndLengthFour() {
        for (var entry : Map.of('S', Sync.INSTANCE, 'H', Flush.INSTANCE, 'X', Terminate.INSTANCE,
                'c', CopyDone.INSTANCE).entrySet()) {
            assertThat(Encoded.bytesOf(entry.getValue())).isEqualTo(bytes().asFrame(entry.getKey()));
        }
    }

    @Test
    void saslInitialResponseWithoutDataSendsLengthMinusOne() {
        assertThat(Encoded.bytesOf(new SaslInitialResponse("SCRAM-SHA-256", null)))
                .isEqualTo(bytes().cstring("SCRAM-SHA-256").int32(-1).asFrame('p'));
        byte[] body = bytes().cstring("SCRAM-SHA-256").int32(-1).toArray();
        assertThat(Encoded.decode(body, SaslInitialResponse::decode).data()).isNull();
    }

    @Test
    void saslInitialResponseWithANegativeLengthOtherThanMinusOneIsRefused() {
        byte[] body = bytes().cstring("SCRAM-SHA-256").int32(-2).toArray();
        assertThatThrownBy(() -> Encoded.decode(body, SaslInitialResponse::decode))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void secretsNeverShowInToString() {
        for (Object message : List.of(new PasswordMessage("hunter2"), new CancelRequest(1, 123456789),
                new SaslResponse("p=hunter2".getBytes()),
                new SaslInitialResponse("SCRAM-SHA-256", "hunter2".getBytes()))) {
            assertThat(message.toString()).doesNotContain("hunter2").doesNotContain("123456789");
        }
    }
}
