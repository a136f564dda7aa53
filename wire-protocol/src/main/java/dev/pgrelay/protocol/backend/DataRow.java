package dev.pgrelay.protocol.backend;

import dev.pgrelay.protocol.MessageType;
import dev.pgrelay.protocol.PgMessage;
import dev.pgrelay.protocol.codec.BodyReader;
import dev.pgrelay.protocol.codec.Frames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** One result row with its values as UTF-8 text; null stands for SQL NULL (length -1 on the wire). */
public record DataRow(List<String> values) implements PgMessage {
    /** The protocol counts columns in an unsigned Int16. */
    public static final int MAX_COLUMNS = 65535;

    public DataRow {
        if (values.size() > MAX_COLUMNS) {
            throw new IllegalArgumentException("at most " + MAX_COLUMNS + " values, got " + values.size());
        }
        values = Collections.unmodifiableList(new ArrayList<>(values));
    }

    public static DataRow of(String... values) {
        return new DataRow(Arrays.asList(values));
    }

    public static DataRow decode(ByteBuf body) {
        BodyReader reader = new BodyReader(body, "DataRow");
        int count = reader.readUnsignedInt16();
        List<String> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = reader.readInt32();
            values.add(length == -1 ? null : reader.readUtf8(length));
        }
        reader.requireEnd();
        return new DataRow(values);
    }

    @Override
    public void writeTo(ByteBuf out) {
        int lengthIndex = Frames.beginFrame(out, MessageType.DATA_ROW);
        out.writeShort(values.size());
        for (String value : values) {
            if (value == null) {
                out.writeInt(-1);
            } else {
                int valueLengthIndex = out.writerIndex();
                out.writeInt(0);
                out.setInt(valueLengthIndex, ByteBufUtil.writeUtf8(out, value));
            }
        }
        Frames.endFrame(out, lengthIndex);
    }
}
