package dev.pgrelay.protocol.codec;

import static dev.pgrelay.protocol.testing.WireBytes.bytes;
import static dev.pgrelay.protocol.testing.WireBytes.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.pgrelay.protocol.ProtocolException;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PgFrameDecoderNormalPhaseTest {
    private static final int MAX_MESSAGE_SIZE = 1024;
    private static final byte[] PARSE_COMPLETE = bytes().asFrame('1');
    private static final byte[] DATA_ROW = bytes().int16(2).int32(3).raw("abc").int32(-1).asFrame('D');
    private static final byte[] COMMAND_COMPLETE = bytes().cstring("SELECT 1").asFrame('C');
    private static final byte[] READY_FOR_QUERY = bytes().raw("I").asFrame('Z');
    private static final byte[] RESPONSES = concat(PARSE_COMPLETE, DATA_ROW, COMMAND_COMPLETE, READY_FOR_QUERY);

    @RegisterExtension
    final DecoderChannels channels = new DecoderChannels();

    @Test
    void frameIsEmittedWholeWhereverTheStreamIsCut() {
        for (int cut = 0; cut <= DATA_ROW.length; cut++) {
            EmbeddedChannel channel = channels.open(PgFrameDecoder.forServers(MAX_MESSAGE_SIZE));
            channels.writeSplitAt(channel, DATA_ROW, cut);
            assertThat(channels.readFrame(channel)).as("cut at %d", cut).isEqualTo(DATA_ROW);
            assertFalse(channel.finish());
        }
    }

    @Test
    void frameIsEmittedWholeWhenItArrivesByteByByte() {
        EmbeddedChannel channel = channels.open(PgFrameDecoder.forServers(MAX_MESSAGE_SIZE));
        channels.writeByteByByte(channel, DATA_ROW);
        assertThat(channels.readFrame(channel)).isEqualTo(DATA_ROW);
        assertFalse(channel.finish());
    }

    @Test
    void severalFramesInOneReadComeOutOneByOneWhereverTheStreamIsCut() {
        for (int cut = 0; cut <= RESPONSES.length; cut++) {
            EmbeddedChannel channel = channels.open(PgFrameDecoder.forServers(MAX_MESSAGE_SIZE));
            channels.writeSplitAt(channel, RESPONSES, cut);
            assertThat(channels.readFrame(channel)).isEqualTo(PARSE_COMPLETE);
            assertThat(channels.readFrame(channel)).isEqualTo(DATA_ROW);
            assertThat(channels.readFrame(channel)).isEqualTo(COMMAND_COMPLETE);
            assertThat(channels.readFrame(channel)).isEqualTo(READY_FOR_QUERY);
            assertThat((Object) channel.readInbound()).isNull();
            assertFalse(channel.finish());
        }
    }

    @Test
    void partialFrameWaitsForTheRestWithoutEmittingAnything() {
        EmbeddedChannel channel = channels.open(PgFrameDecoder.forServers(MAX_MESSAGE_SIZE));
        channels.write(channel, Arrays.copyOf(DATA_ROW, DATA_ROW.length - 1));
        assertThat((Object) channel.readInbound()).isNull();
        assertFalse(channel.finish());
    }

    @Test
    void oversizedFrameIsRefusedAsSoonAsItsHeaderArrives() {
        EmbeddedChannel channel = channels.open(PgFrameDecoder.forServers(MAX_MESSAGE_SIZE));
        ProtocolException error = channels.writeRejected(channel, bytes().int8('D').int32(1025).toArray());
        assertThat(error.sqlState()).isEqualTo("54000");
        assertThat(error).hasMessage("message of type 'D' is 1025 bytes, larger than max_message_size 1024");
        assertFalse(channel.finish());
    }

    @Test
    void hugeLengthIsRefusedWithoutWaitingForOrAllocatingTheBody() {
        EmbeddedChannel channel = channels.open(PgFrameDecoder.forClients(MAX_MESSAGE_SIZE));
        channel.pipeline().get(PgFrameDecoder.class).enterNormalPhase();
        ProtocolException error = channels.writeRejected(channel, bytes().int8('Q').int32(Integer.MAX_VALUE).toArray());
        assertThat(error.sqlState()).isEqualTo("54000");
        assertFalse(channel.finish());
    }

    @Test
    void frameOfExactlyTheMaximumSizeIsAccepted() {
        byte[] frame = bytes().raw(new byte[MAX_MESSAGE_SIZE - 4]).asFrame('d');
        EmbeddedChannel channel = channels.open(PgFrameDecoder.forServers(MAX_MESSAGE_SIZE));
        channels.write(channel, frame);
        assertThat(channels.readFrame(channel)).isEqualTo(frame);
        assertFalse(channel.finish());
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 3})
    void lengthThatCannotCountItselfIsAProtocolViolation(int length) {
        EmbeddedChannel channel = channels.open(PgFrameDecoder.forServers(MAX_MESSAGE_SIZE));
        ProtocolException error = channels.writeRejected(channel, bytes().int8('Z').int32(length).toArray());
        assertThat(error.sqlState()).isEqualTo("08P01");
        assertThat(error).hasMessage("invalid message length " + length + " for message type 'Z'");
        assertFalse(channel.finish());
    }

    @Test
    void clientFrameWithABackendTypeByteIsRefused() {
        EmbeddedChannel channel = channels.open(PgFrameDecoder.forClients(MAX_MESSAGE_SIZE));
        channel.pipeline().get(PgFrameDecoder.class).enterNormalPhase();
        ProtocolException error = channels.writeRejected(channel, READY_FOR_QUERY);
        assertThat(error.sqlState()).isEqualTo("08P01");
        assertThat(error).hasMessage("invalid frontend message type 'Z'");
        assertFalse(channel.finish());
    }

    @Test
    void unprintableTypeByteIsNamedByItsValue() {
        EmbeddedChannel channel = channels.open(PgFrameDecoder.forClients(MAX_MESSAGE_SIZE));
        channel.pipeline().get(PgFrameDecoder.class).enterNormalPhase();
        ProtocolException error = channels.writeRejected(channel, bytes().int8(0).int32(4).toArray());
        assertThat(error).hasMessage("invalid frontend message type 0");
        assertFalse(channel.finish());
    }

    @Test
    void framesBeforeAnErrorInTheSameReadAreStillDeliveredButNothingAfterIt() {
        EmbeddedChannel channel = channels.open(PgFrameDecoder.forServers(MAX_MESSAGE_SIZE));
        byte[] garbage = bytes().int8('C').int32(-7).toArray();
        channels.writeRejected(channel, concat(PARSE_COMPLETE, garbage, READY_FOR_QUERY));
        assertThat(channels.readFrame(channel)).isEqualTo(PARSE_COMPLETE);
        channels.write(channel, READY_FOR_QUERY);
        assertThat(channels.drain(channel)).isZero();
        assertFalse(channel.finish());
    }

    @Test
    void maximumMessageSizeMustLeaveRoomForTheLength() {
        assertThatThrownBy(() -> PgFrameDecoder.forServers(3)).isInstanceOf(IllegalArgumentException.class);
    }
}
