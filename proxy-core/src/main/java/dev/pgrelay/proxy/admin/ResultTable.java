package dev.pgrelay.proxy.admin;

import dev.pgrelay.protocol.PgMessage;
import dev.pgrelay.protocol.backend.CommandComplete;
import dev.pgrelay.protocol.backend.DataRow;
import dev.pgrelay.protocol.backend.RowDescription;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A SHOW command's answer: typed columns (PgBouncer's names and types where the concept matches) and rows of
 * text values, turned into RowDescription, DataRow… and CommandComplete "SHOW".
 */
final class ResultTable {
    /** The column types the console uses, by PostgreSQL type OID. */
    enum Type {
        TEXT(25, -1), INT4(23, 4), INT8(20, 8), FLOAT8(701, 8);

        final int oid;
        final short size;

        Type(int oid, int size) {
            this.oid = oid;
            this.size = (short) size;
        }
    }

    private final List<RowDescription.Column> columns = new ArrayList<>();
    private final List<Type> types = new ArrayList<>();
    private final List<DataRow> rows = new ArrayList<>();

    ResultTable column(String name, Type type) {
        columns.add(new RowDescription.Column(name, 0, (short) 0, type.oid, type.size, -1, (short) 0));
        types.add(type);
        return this;
    }

    ResultTable text(String... names) {
        Arrays.stream(names).forEach(name -> column(name, Type.TEXT));
        return this;
    }

    ResultTable int4(String... names) {
        Arrays.stream(names).forEach(name -> column(name, Type.INT4));
        return this;
    }

    ResultTable int8(String... names) {
        Arrays.stream(names).forEach(name -> column(name, Type.INT8));
        return this;
    }

    /** Adds a row; values are shown with toString(), null stays SQL NULL. */
    ResultTable row(Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException(values.length + " values for " + columns.size() + " columns");
        }
        rows.add(new DataRow(Arrays.stream(values).map(value -> value == null ? null : value.toString()).toList()));
        return this;
    }

    List<String> columnNames() {
        return columns.stream().map(RowDescription.Column::name).toList();
    }

    int rowCount() {
        return rows.size();
    }

    List<PgMessage> messages() {
        List<PgMessage> messages = new ArrayList<>(rows.size() + 2);
        messages.add(new RowDescription(columns));
        messages.addAll(rows);
        messages.add(new CommandComplete("SHOW"));
        return messages;
    }
}
