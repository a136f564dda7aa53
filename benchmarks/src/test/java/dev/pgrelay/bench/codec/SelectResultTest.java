package dev.pgrelay.bench.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.pgrelay.protocol.backend.CommandComplete;
import dev.pgrelay.protocol.backend.DataRow;
import dev.pgrelay.protocol.backend.ReadyForQuery;
import dev.pgrelay.protocol.backend.RowDescription;
import dev.pgrelay.protocol.codec.Frames;
import dev.pgrelay.protocol.codec.PgFrameDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelectResultTest {

    @Test
    void isRowDescriptionThenTheRowsThenCommandCompleteAndReadyForQuery() {
        List<ByteBuf> frames = decodeFrames(SelectResult.encode(3, 2, 4));
        try {
            assertThat(frames).hasSize(SelectResult.frameCount(3));
            assertThat(RowDescription.decode(Frames.body(frames.get(0))).columnNames())
                    .containsExactly("column1", "column2");
            for (ByteBuf row : frames.subList(1, 4)) {
                assertThat(DataRow.decode(Frames.body(row))).isEqualTo(DataRow.of("xxxx", "xxxx"));
            }
            assertThat(CommandComplete.decode(Frames.body(frames.get(4)))).isEqualTo(new CommandComplete("SELECT 3"));
            assertThat(ReadyForQuery.decode(Frames.body(frames.get(5))).status()).isEqualTo('I');
        } finally {
            frames.forEach(ByteBuf::release);
        }
    }

    @Test
    void valueWidthSetsTheSizeOfEveryDataRow() {
        int narrow = SelectResult.encode(10, 5, 8).length;
        int wide = SelectResult.encode(10, 5, 100).length;

        assertThat(wide - narrow).isEqualTo(10 * 5 * (100 - 8));
    }

    @Test
    void framesIsTheNumberOfFramesInTheBenchmarkedResult() {
        assertThat(SelectResult.FRAMES).isEqualTo(SelectResult.frameCount(SelectResult.ROWS));
    }

    private static List<ByteBuf> decodeFrames(byte[] stream) {
        EmbeddedChannel channel = new EmbeddedChannel(PgFrameDecoder.forServers(1 << 20));
        channel.writeInbound(Unpooled.wrappedBuffer(stream));
        List<ByteBuf> frames = new ArrayList<>();
        for (ByteBuf frame = channel.readInbound(); frame != null; frame = channel.readInbound()) {
            frames.add(frame);
        }
        assertFalse(channel.finish());
        return frames;
    }
}
