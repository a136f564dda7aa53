package dev.pgrelay.protocol.backend;

import dev.pgrelay.protocol.MessageType;
import dev.pgrelay.protocol.PgMessage;
import dev.pgrelay.protocol.codec.BodyReader;
import dev.pgrelay.protocol.codec.Frames;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Describes the columns of the rows that follow; pgrelay builds its own for the admin console. */
public record RowDescription(List<Column> columns) implements PgMessage {
    /** The OID of type {@code text}, which every admin console column uses. */
    public static final int TEXT_OID = 25;

    /** One column, field by field as on the wire. */
    public record Column(String name, int tableOid, short columnNumber, int typeOid, short typeSize,
            int typeModifier, short format) {

        /** A text column in text format that belongs to no table, as a computed column of a SELECT. */
        public static Column text(String name) {
            return new Column(name, 0, (short) 0, TEXT_OID, (short) -1, -1, (short) 0);
        }
    }

    public RowDescription {
        if (columns.size() > DataRow.MAX_COLUMNS) {
            throw new IllegalArgumentException("at most " + DataRow.MAX_COLUMNS + " columns, got " + columns.size());
        }
        columns = List.copyOf(columns);
    }

    /** Text columns with these names. */
    public static RowDescription ofTextColumns(String... names) {
        return new RowDescription(Arrays.stream(names).map(Column::text).toList());
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    public static RowDescription decode(ByteBuf body) {
        BodyReader reader = new BodyReader(body, "RowDescription");
        int count = reader.readUnsignedInt16();
        List<Column> columns = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            columns.add(new Column(reader.readCString(), reader.readInt32(), reader.readInt16(),
                    reader.readInt32(), reader.readInt16(), reader.readInt32(), reader.readInt16()));
        }
        reader.requireEnd();
        return new RowDescription(columns);
    }

    @Override
    public void writeTo(ByteBuf out) {
        int lengthIndex = Frames.beginFrame(out, MessageType.ROW_DESCRIPTION);
        out.writeShort(columns.size());
        for (Column column : columns) {
            Frames.writeCString(out, column.name());
            out.writeInt(column.tableOid());
            out.writeShort(column.columnNumber());
            out.writeInt(column.typeOid());
            out.writeShort(column.typeSize());
            out.writeInt(column.typeModifier());
            out.writeShort(column.format());
        }
        Frames.endFrame(out, lengthIndex);
    }
}
