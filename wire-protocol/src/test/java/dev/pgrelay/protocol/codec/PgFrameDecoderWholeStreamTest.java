package dev.pgrelay.protocol.codec;

import static dev.pgrelay.protocol.testing.WireBytes.bytes;
import static dev.pgrelay.protocol.testing.WireBytes.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Whole conversations — what a client sends from its StartupMessage to Terminate, and what a server answers from
 * AuthenticationOk on — decode to exactly the messages they decode to in one read, however TCP cuts them: at
 * every position, and byte by byte. Every buffer is released afterwards.
 */
class PgFrameDecoderWholeStreamTest {
    private static final int MAX_MESSAGE_SIZE = 1 << 20;

    /** A login answering an md5 challenge, a psql-like simple query, then a pgjdbc-like extended-protocol round trip, then goodbye. */
    private static final byte[] CLIENT_SESSION = concat(
            bytes().int16(3).int16(0).cstring("user").cstring("alice").cstring("database").cstring("shop")
                    .cstring("application_name").cstring("psql").int8(0).asStartupPacket(),
            bytes().cstring("md5a3556571e93b0d20722ba62be61e8c2d").asFrame('p'),
            bytes().cstring("SELECT 1").asFrame('Q'),
            bytes().cstring("S_1").cstring("SELECT $1").int16(1).int32(23).asFrame('P'),
            bytes().cstring("").cstring("S_1").int16(0).int16(1).int32(1).raw("7").int16(0).asFrame('B'),
            bytes().raw("P").cstring("").asFrame('D'),
            bytes().cstring("").int32(0).asFrame('E'),
            bytes().asFrame('S'),
            bytes().raw("S").cstring("S_1").asFrame('C'),
            bytes().asFrame('H'),
            bytes().asFrame('S'),
            bytes().asFrame('X'));

    /** A login's answers, one query's result, an error and a notice. */
    private static final byte[] SERVER_SESSION = concat(
            bytes().int32(0).asFrame('R'),
            bytes().cstring("server_version").cstring("15.10").asFrame('S'),
            bytes().cstring("client_encoding").cstring("UTF8").asFrame('S'),
            bytes().int32(4242).int32(0xDEADBEEF).asFrame('K'),
            bytes().raw("I").asFrame('Z'),
            bytes().int16(1).cstring("n").int32(0).int16(0).int32(23).int16(4).int32(-1).int16(0).asFrame('T'),
            bytes().int16(2).int32(1).raw("7").int32(-1).asFrame('D'),
            bytes().cstring("SELECT 1").asFrame('C'),
            bytes().raw("I").asFrame('Z'),
            bytes().raw("S").cstring("ERROR").raw("C").cstring("42601").raw("M").cstring("syntax error").int8(0)
                    .asFrame('E'),
            bytes().raw("S").cstring("NOTICE").raw("M").cstring("hello").int8(0).asFrame('N'),
            bytes().raw("I").asFrame('Z'));

    @RegisterExtension
    final DecoderChannels channels = new DecoderChannels();

    @Test
    void aClientSessionDecodesTheSameWhereverItIsCutOnce() {
        assertSameWhereverCutOnce(CLIENT_SESSION, () -> PgFrameDecoder.forClients(MAX_MESSAGE_SIZE), 12);
    }

    @Test
    void aClientSessionDecodesTheSameByteByByte() {
        assertSameByteByByte(CLIENT_SESSION, () -> PgFrameDecoder.forClients(MAX_MESSAGE_SIZE));
    }

    @Test
    void aServerSessionDecodesTheSameWhereverItIsCutOnce() {
        assertSameWhereverCutOnce(SERVER_SESSION, () -> PgFrameDecoder.forServers(MAX_MESSAGE_SIZE), 12);
    }

    @Test
    void aServerSessionDecodesTheSameByteByByte() {
        assertSameByteByByte(SERVER_SESSION, () -> PgFrameDecoder.forServers(MAX_MESSAGE_SIZE));
    }

    private void assertSameWhereverCutOnce(byte[] stream, Supplier<PgFrameDecoder> decoders, int expectedMessages) {
        List<Object> whole = decodeInOneRead(stream, decoders);
        assertThat(whole).hasSize(expectedMessages);
        for (int cut = 0; cut <= stream.length; cut++) {
            EmbeddedChannel channel = channels.open(decoders.get());
            channels.writeSplitAt(channel, stream, cut);
            assertThat(channels.decodedMessages(channel)).as("cut at %d", cut).isEqualTo(whole);
            assertFalse(channel.finish());
        }
    }

    private void assertSameByteByByte(byte[] stream, Supplier<PgFrameDecoder> decoders) {
        List<Object> whole = decodeInOneRead(stream, decoders);
        EmbeddedChannel channel = channels.open(decoders.get());
        channels.writeByteByByte(channel, stream);
        assertThat(channels.decodedMessages(channel)).isEqualTo(whole);
        assertFalse(channel.finish());
    }

    private List<Object> decodeInOneRead(byte[] stream, Supplier<PgFrameDecoder> decoders) {
        EmbeddedChannel channel = channels.open(decoders.get());
        channels.write(channel, stream);
        List<Object> messages = channels.decodedMessages(channel);
        assertFalse(channel.finish());
        return messages;
    }
}
