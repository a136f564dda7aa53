package dev.pgrelay.protocol.backend;

import dev.pgrelay.protocol.PgMessage;
import dev.pgrelay.protocol.codec.BodyReader;
import dev.pgrelay.protocol.codec.Frames;
import io.netty.buffer.ByteBuf;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shared shape of ErrorResponse and NoticeResponse: a list of fields, each a one-byte code and a
 * string (PostgreSQL docs, "Error and Notice Message Fields"), kept in the order they arrived.
 */
public abstract sealed class DiagnosticMessage implements PgMessage permits ErrorResponse, NoticeResponse {
    /** Severity, possibly translated to the session's lc_messages. */
    public static final char SEVERITY = 'S';
    /** Severity never translated (PostgreSQL 9.6+), the one to test in code. */
    public static final char SEVERITY_NON_LOCALIZED = 'V';
    public static final char SQLSTATE = 'C';
    public static final char MESSAGE = 'M';
    public static final char DETAIL = 'D';
    public static final char HINT = 'H';

    private final byte type;
    private final Map<Character, String> fields;

    DiagnosticMessage(byte type, Map<Character, String> fields) {
        fields.keySet().forEach(code -> {
            if (code == 0 || code > 0x7f) {
                throw new IllegalArgumentException("field code must be a non-NUL ASCII character: " + (int) code);
            }
        });
        this.type = type;
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The fields PostgreSQL itself always sends, severity in both its forms, plus an optional hint. */
    static Map<Character, String> standardFields(String severity, String sqlState, String message, String hint) {
        Map<Character, String> fields = new LinkedHashMap<>();
        fields.put(SEVERITY, severity);
        fields.put(SEVERITY_NON_LOCALIZED, severity);
        fields.put(SQLSTATE, sqlState);
        fields.put(MESSAGE, message);
        if (hint != null) {
            fields.put(HINT, hint);
        }
        return fields;
    }

    static Map<Character, String> decodeFields(ByteBuf body, String messageName) {
        BodyReader reader = new BodyReader(body, messageName);
        Map<Character, String> fields = new LinkedHashMap<>();
        for (byte code = reader.readByte(); code != 0; code = reader.readByte()) {
            if (code < 0) {
                // The constructor refuses non-ASCII codes; a peer's bytes must fail as a protocol error instead.
                throw reader.malformed("invalid field code " + (code & 0xff));
            }
            fields.put((char) code, reader.readCString());
        }
        reader.requireEnd();
        return fields;
    }

    public Map<Character, String> fields() {
        return fields;
    }

    /** The value of one field, or null when absent. */
    public String field(char code) {
        return fields.get(code);
    }

    /** The untranslated severity ('V') when present, else the possibly translated one ('S'). */
    public String severity() {
        String severity = fields.get(SEVERITY_NON_LOCALIZED);
        return severity != null ? severity : fields.get(SEVERITY);
    }

    public String sqlState() {
        return fields.get(SQLSTATE);
    }

    public String message() {
        return fields.get(MESSAGE);
    }

    public String detail() {
        return fields.get(DETAIL);
    }

    public String hint() {
        return fields.get(HINT);
    }

    @Override
    public void writeTo(ByteBuf out) {
        int lengthIndex = Frames.beginFrame(out, type);
        fields.forEach((code, value) -> {
            out.writeByte(code);
            Frames.writeCString(out, value);
        });
        out.writeByte(0);
        Frames.endFrame(out, lengthIndex);
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && fields.equals(((DiagnosticMessage) o).fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + severity() + " " + sqlState() + ": " + message() + "]";
    }
}
