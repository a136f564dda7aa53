package dev.pgrelay.bench.codec;

import dev.pgrelay.protocol.PgMessage;
import dev.pgrelay.protocol.backend.CommandComplete;
import dev.pgrelay.protocol.backend.DataRow;
import dev.pgrelay.protocol.backend.ReadyForQuery;
import dev.pgrelay.protocol.backend.RowDescription;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The bytes a server sends for one SELECT of text columns: RowDescription, the DataRows, CommandComplete and
 * ReadyForQuery — the DataRow-heavy stream pgrelay forwards most.
 */
public final class SelectResult {
    /** Rows of the result the decoding and forwarding benchmarks measure; their scores are per frame. */
    public static final int ROWS = 1000;
    public static final int COLUMNS = 5;
    /** {@code frameCount(ROWS)}, spelled as a constant because {@code @OperationsPerInvocation} needs one. */
    public static final int FRAMES = ROWS + 3;
    /** Frames around the rows: RowDescription before them, CommandComplete and ReadyForQuery after. */
    private static final int FRAMES_AROUND_ROWS = 3;

    private SelectResult() {
    }

    /** How many frames {@link #encode} produces for {@code rows} rows. */
    public static int frameCount(int rows) {
        return rows + FRAMES_AROUND_ROWS;
    }

    /** The stream for {@code rows} rows of {@code columns} values, each {@code valueWidth} ASCII characters. */
    public static byte[] encode(int rows, int columns, int valueWidth) {
        List<PgMessage> messages = new ArrayList<>(frameCount(rows));
        messages.add(RowDescription.ofTextColumns(columnNames(columns)));
        DataRow row = new DataRow(Collections.nCopies(columns, "x".repeat(valueWidth)));
        messages.addAll(Collections.nCopies(rows, row));
        messages.add(new CommandComplete("SELECT " + rows));
        messages.add(ReadyForQuery.IDLE);
        ByteBuf out = Unpooled.buffer();
        try {
            messages.forEach(message -> message.writeTo(out));
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    private static String[] columnNames(int columns) {
        String[] names = new String[columns];
        for (int i = 0; i < columns; i++) {
            names[i] = "column" + (i + 1);
        }
        return names;
    }
}
