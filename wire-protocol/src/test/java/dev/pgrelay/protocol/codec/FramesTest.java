package dev.pgrelay.protocol.codec;

import static dev.pgrelay.protocol.testing.WireBytes.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgrelay.protocol.MessageType;
import dev.pgrelay.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FramesTest {
    private final ByteBuf buf = Unpooled.buffer();

    @AfterEach
    void release() {
        buf.release();
    }

    @Test
    void frameHeaderAndBodyAreReadInPlace() {
        buf.writeByte('X');
        buf.writeBytes(bytes().cstring("abc").asFrame('Q'));
        buf.readByte();
        assertThat(Frames.type(buf)).isEqualTo((byte) 'Q');
        assertThat(Frames.length(buf)).isEqualTo(8);
        ByteBuf body = Frames.body(buf);
        assertThat(ByteBufUtil.getBytes(body)).isEqualTo(bytes().cstring("abc").toArray());
        assertThat(buf.readerIndex()).as("reading the header moves nothing").isEqualTo(1);
        assertThat(body.refCnt()).as("the body shares the frame's reference count").isEqualTo(buf.refCnt());
    }

    @Test
    void cStringIsReadUpToItsTerminatorAsUtf8() {
        buf.writeBytes(bytes().cstring("grüße").cstring("").toArray());
        assertThat(Frames.readCString(buf)).isEqualTo("grüße");
        assertThat(Frames.readCString(buf)).isEmpty();
        assertThat(buf.isReadable()).isFalse();
    }

    @Test
    void cStringCanBeReadAtAnIndexWithoutMovingTheBuffer() {
        buf.writeBytes(bytes().cstring("portal").cstring("statement").toArray());
        int statementIndex = Frames.skipCString(buf, 0);
        assertThat(statementIndex).isEqualTo(7);
        assertThat(Frames.getCString(buf, statementIndex)).isEqualTo("statement");
        assertThat(buf.readerIndex()).isZero();
    }

    @Test
    void cStringWithoutTerminatorIsAProtocolViolation() {
        buf.writeBytes(bytes().raw("no end").toArray());
        assertThatThrownBy(() -> Frames.readCString(buf))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("missing NUL terminator");
        assertThat(buf.readerIndex()).isZero();
    }

    @Test
    void writtenCStringEndsWithNul() {
        Frames.writeCString(buf, "ünïcode");
        assertThat(ByteBufUtil.getBytes(buf)).isEqualTo(bytes().cstring("ünïcode").toArray());
    }

    @Test
    void stringWithEmbeddedNulCannotBeWrittenBecauseItWouldEndEarly() {
        assertThatThrownBy(() -> Frames.writeCString(buf, "a\0b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void frameLengthIsFilledInAfterTheBody() {
        int lengthIndex = Frames.beginFrame(buf, MessageType.QUERY);
        Frames.writeCString(buf, "SELECT 1");
        Frames.endFrame(buf, lengthIndex);
        assertThat(ByteBufUtil.getBytes(buf)).isEqualTo(bytes().cstring("SELECT 1").asFrame('Q'));
    }
}
