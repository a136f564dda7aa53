package dev.pgrelay.protocol.frontend;

import dev.pgrelay.protocol.MessageType;
import dev.pgrelay.protocol.PgMessage;
import dev.pgrelay.protocol.codec.BodyReader;
import dev.pgrelay.protocol.codec.Frames;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * Extended protocol: prepare {@code query} as statement {@code statementName} ("" is the unnamed
 * statement), with the parameter type OIDs the client fixes (0 = let the server infer).
 */
public record Parse(String statementName, String query, int[] parameterTypes) implements PgMessage {
    /** The protocol counts parameter types in an unsigned Int16. */
    public static final int MAX_PARAMETERS = 65535;

    public Parse {
        if (parameterTypes.length > MAX_PARAMETERS) {
            throw new IllegalArgumentException("at most " + MAX_PARAMETERS + " parameter types, got "
                    + parameterTypes.length);
        }
        parameterTypes = parameterTypes.clone();
    }

    public static Parse decode(ByteBuf body) {
        BodyReader reader = new BodyReader(body, "Parse");
        String statementName = reader.readCString();
        String query = reader.readCString();
        int[] parameterTypes = new int[reader.readUnsignedInt16()];
        for (int i = 0; i < parameterTypes.length; i++) {
            parameterTypes[i] = reader.readInt32();
        }
        reader.requireEnd();
        return new Parse(statementName, query, parameterTypes);
    }

    /** A copy of the parameter type OIDs. */
    @Override
    public int[] parameterTypes() {
        return parameterTypes.clone();
    }

    @Override
    public void writeTo(ByteBuf out) {
        int lengthIndex = Frames.beginFrame(out, MessageType.PARSE);
        Frames.writeCString(out, statementName);
        Frames.writeCString(out, query);
        out.writeShort(parameterTypes.length);
        for (int type : parameterTypes) {
            out.writeInt(type);
        }
        Frames.endFrame(out, lengthIndex);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Parse other && statementName.equals(other.statementName) && query.equals(other.query)
                && Arrays.equals(parameterTypes, other.parameterTypes);
    }

    @Override
    public int hashCode() {
        return (31 * statementName.hashCode() + query.hashCode()) * 31 + Arrays.hashCode(parameterTypes);
    }

    @Override
    public String toString() {
        return "Parse[statementName=" + statementName + ", query=" + query + ", parameterTypes="
                + Arrays.toString(parameterTypes) + "]";
    }
}
