package dev.pgrelay.protocol.codec;

import static dev.pgrelay.protocol.testing.WireBytes.bytes;
import static dev.pgrelay.protocol.testing.WireBytes.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.pgrelay.protocol.ProtocolException;
import dev.pgrelay.protocol.frontend.CancelRequest;
import dev.pgrelay.protocol.frontend.GssEncRequest;
import dev.pgrelay.protocol.frontend.SslRequest;
import dev.pgrelay.protocol.frontend.StartupMessage;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PgFrameDecoderStartupPhaseTest {
    private static final int MAX_MESSAGE_SIZE = 1 << 20;
    private static final byte[] SSL_REQUEST = bytes().int16(1234).int16(5679).asStartupPacket();
    private static final byte[] GSSENC_REQUEST = bytes().int16(1234).int16(5680).asStartupPacket();
    private static final byte[] STARTUP_MESSAGE = bytes().int16(3).int16(0)
            .cstring("user").cstring("alice").cstring("database").cstring("shop")
            .cstring("application_name").cstring("psql").int8(0).asStartupPacket();
    private static final byte[] QUERY = bytes().cstring("SELECT 1").asFrame('Q');
    private static final byte[] SYNC = bytes().asFrame('S');

    @RegisterExtension
    final DecoderChannels channels = new DecoderChannels();

    static Stream<Arguments> startupPackets() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("user", "alice");
        parameters.put("database", "shop");
        parameters.put("application_name", "psql");
        return Stream.of(
                arguments(SSL_REQUEST, SslRequest.INSTANCE),
                arguments(GSSENC_REQUEST, GssEncRequest.INSTANCE),
                arguments(bytes().int16(1234).int16(5678).int32(4242).int32(0xDEADBEEF).asStartupPacket(),
                        new CancelRequest(4242, 0xDEADBEEF)),
                arguments(STARTUP_MESSAGE, StartupMessage.of(parameters)));
    }

    @ParameterizedTest
    @MethodSource("startupPackets")
    void everyStartupPacketIsDecodedWhereverTheStreamIsCut(byte[] packet, Object expected) {
        for (int cut = 0; cut <= packet.length; cut++) {
            EmbeddedChannel channel = channels.open(PgFrameDecoder.forClients(MAX_MESSAGE_SIZE));
            channels.writeSplitAt(channel, packet, cut);
            assertThat((Object) channel.readInbound()).as("cut at %d", cut).isEqualTo(expected);
            assertThat((Object) channel.readInbound()).isNull();
            assertFalse(channel.finish());
        }
    }

    @ParameterizedTest
    @MethodSource("startupPackets")
    void everyStartupPacketIsDecodedWhenItArrivesByteByByte(byte[] packet, Object expected) {
        EmbeddedChannel channel = channels.open(PgFrameDecoder.forClients(MAX_MESSAGE_SIZE));
        channels.writeByteByByte(channel, packet);
        assertThat((Object) channel.readInbound()).isEqualTo(expected);
        assertFalse(channel.finish());
    }

    @Test
    void startupMessageSwitchesToTypedFramesEvenWithinTheSameRead() {
        EmbeddedChannel channel = channels.open(PgFrameDecoder.forClients(MAX_MESSAGE_SIZE));
        channels.write(channel, concat(STARTUP_MESSAGE, QUERY, SYNC));
        assertThat((Object) channel.readInbound()).isInstanceOf(StartupMessage.class);
        assertThat(channels.readFrame(channel)).isEqualTo(QUERY);
        assertThat(channels.readFrame(channel)).isEqualTo(SYNC);
        assertFalse(channel.finish());
    }

    @Test
    void encryptionRequestsKeepTheStartupPhaseForTheStartupMessageThatFollows() {
        EmbeddedChannel channel = channels.open(PgFrameDecoder.forClients(MAX_MESSAGE_SIZE));
        channels.write(channel, SSL_REQUEST);
        assertThat((Object) channel.readInbound()).isSameAs(SslRequest.INSTANCE);
        channels.write(channel, GSSENC_REQUEST);
        assertThat((Object) channel.readInbound()).isSameAs(GssEncRequest.INSTANCE);
        channels.write(channel, concat(STARTUP_MESSAGE, SYNC));
        assertThat((Object) channel.readInbound()).isInstanceOf(StartupMessage.class);
        assertThat(channels.readFrame(channel)).isEqualTo(SYNC);
        assertFalse(channel.finish());
    }

    @Test
    void bytesSentTogetherWithAnSslRequestAreRefusedAsPossiblyInjected() {
        EmbeddedChannel channel = channels.open(PgFrameDecoder.forClients(MAX_MESSAGE_SIZE));
        ProtocolException error = channels.writeRejected(channel, concat(SSL_REQUEST, STARTUP_MESSAGE));
        assertThat(error.sqlState()).isEqualTo("08P01");
        assertThat(error).hasMessage("received unencrypted data after SSL request");
        assertThat(channels.drain(channel)).isZero();
        assertFalse(channel.finish());
    }

    @Test
    void bytesSentTogetherWithAGssEncRequestAreRefusedAsPossiblyInjected() {
        EmbeddedChannel channel = channels.open(PgFrameDecoder.forClients(MAX_MESSAGE_SIZE));
        ProtocolException error = channels.writeRejected(channel, concat(GSSENC_REQUEST, SYNC));
        assertThat(error).hasMessage("received unencrypted data after GSSAPI encryption request");
        assertFalse(channel.finish());
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 4, 7, 10005, Integer.MAX_VALUE})
    void startupLengthOutsidePostgresLimitsIsRefusedBeforeTheBodyArrives(int length) {
        EmbeddedChannel channel = channels.open(PgFrameDecoder.forClients(MAX_MESSAGE_SIZE));
        ProtocolException error = channels.writeRejected(channel, bytes().int32(length).toArray());
        assertThat(error.sqlState()).isEqualTo("08P01");
        assertThat(error).hasMessage("invalid length of startup packet: " + length);
        assertFalse(channel.finish());
    }

    @Test
    void startupPacketOfPostgresMaximumLengthIsAccepted() {
        byte[] packet = bytes().int32(196608).cstring("user").cstring("alice")
                .cstring("options").cstring("x".repeat(9975)).int8(0).asStartupPacket();
        assertThat(packet).hasSize(10004);
        EmbeddedChannel channel = channels.open(PgFrameDecoder.forClients(MAX_MESSAGE_SIZE));
        channels.write(channel, packet);
        StartupMessage startup = channel.readInbound();
        assertThat(startup.parameters().get("options")).hasSize(9975);
        assertFalse(channel.finish());
    }

    @Test
    void protocolVersion2IsRefusedAsUnsupported() {
        EmbeddedChannel channel = channels.open(PgFrameDecoder.forClients(MAX_MESSAGE_SIZE));
        byte[] v2 = bytes().int16(2).int16(0).raw(new byte[292]).asStartupPacket();
        ProtocolException error = channels.writeRejected(channel, v2);
        assertThat(error.sqlState()).isEqualTo("0A000");
        assertThat(error).hasMessage("unsupported frontend protocol 2.0: server supports 3.0");
        assertFalse(channel.finish());
    }

    @Test
    void newerMinorVersionOfProtocol3IsAcceptedAndRecorded() {
        EmbeddedChannel channel = channels.open(PgFrameDecoder.forClients(MAX_MESSAGE_SIZE));
        channels.write(channel, bytes().int16(3).int16(2).cstring("user").cstring("bob").int8(0).asStartupPacket());
        StartupMessage startup = channel.readInbound();
        assertThat(startup.protocolVersion()).isEqualTo(3 << 16 | 2);
        assertThat(startup.database()).isEqualTo("bob");
        assertFalse(channel.finish());
    }

    @Test
    void startupMessageWithoutUserIsRefusedLikePostgresDoes() {
        EmbeddedChannel channel = channels.open(PgFrameDecoder.forClients(MAX_MESSAGE_SIZE));
        byte[] noUser = bytes().int32(196608).cstring("database").cstring("shop").int8(0).asStartupPacket();
        ProtocolException error = channels.writeRejected(channel, noUser);
        assertThat(error.sqlState()).isEqualTo("28000");
        assertThat(error).hasMessage("no PostgreSQL user name specified in startup packet");
        assertFalse(channel.finish());
    }

    @Test
    void startupParameterThatIsNotUtf8IsRefusedRatherThanMangled() {
        EmbeddedChannel channel = channels.open(PgFrameDecoder.forClients(MAX_MESSAGE_SIZE));
        byte[] latin1User = bytes().int16(3).int16(0).cstring("user").raw(new byte[] {'j', (byte) 0xfc, 'r', 'g', 0})
                .int8(0).asStartupPacket();

        ProtocolException refused = channels.writeRejected(channel, latin1User);

        assertThat(refused.sqlState()).isEqualTo("22021");
        assertThat(refused.getMessage()).contains("invalid byte sequence for encoding \"UTF8\"");
        assertFalse(channel.finish());
    }

    @Test
    void cancelRequestOfTheWrongSizeIsRefused() {
        EmbeddedChannel channel = channels.open(PgFrameDecoder.forClients(MAX_MESSAGE_SIZE));
        byte[] shortCancel = bytes().int32(80877102).int32(4242).asStartupPacket();
        assertThat(channels.writeRejected(channel, shortCancel).sqlState()).isEqualTo("08P01");
        assertFalse(channel.finish());
    }

    @Test
    void httpRequestOnThePostgresPortIsRefusedByItsLength() {
        EmbeddedChannel channel = channels.open(PgFrameDecoder.forClients(MAX_MESSAGE_SIZE));
        ProtocolException error = channels.writeRejected(channel, bytes().raw("GET / HTTP/1.1\r\n\r\n").toArray());
        assertThat(error).hasMessageStartingWith("invalid length of startup packet");
        assertFalse(channel.finish());
    }

    @Test
    void afterAnErrorEverythingElseIsDiscarded() {
        EmbeddedChannel channel = channels.open(PgFrameDecoder.forClients(MAX_MESSAGE_SIZE));
        channels.writeRejected(channel, bytes().int32(3).toArray());
        channels.write(channel, STARTUP_MESSAGE);
        channels.write(channel, SYNC);
        assertThat(channels.drain(channel)).isZero();
        assertFalse(channel.finish());
    }
}
