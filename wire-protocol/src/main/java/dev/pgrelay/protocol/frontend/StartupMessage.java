package dev.pgrelay.protocol.frontend;

import dev.pgrelay.protocol.ProtocolException;
import dev.pgrelay.protocol.SqlState;
import dev.pgrelay.protocol.codec.BodyReader;
import dev.pgrelay.protocol.codec.Frames;
import io.netty.buffer.ByteBuf;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The client's first packet: protocol version and connection parameters (user, database, options,
 * GUCs), kept in the order the client sent them.
 */
public record StartupMessage(int protocolVersion, Map<String, String> parameters) implements StartupPacket {
    /** Protocol 3.0: major version in the high 16 bits, minor in the low 16. */
    public static final int PROTOCOL_3_0 = 3 << 16;

    /** Copies the parameters; a startup packet without a user name is refused as PostgreSQL does. */
    public StartupMessage {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        String user = parameters.get("user");
        if (user == null || user.isEmpty()) {
            throw new ProtocolException(SqlState.INVALID_AUTHORIZATION,
                    "no PostgreSQL user name specified in startup packet");
        }
    }

    /** A protocol 3.0 startup message. */
    public static StartupMessage of(Map<String, String> parameters) {
        return new StartupMessage(PROTOCOL_3_0, parameters);
    }

    public String user() {
        return parameters.get("user");
    }

    /** The database; PostgreSQL uses the user name when it is missing or empty. */
    public String database() {
        String database = parameters.get("database");
        return database == null || database.isEmpty() ? user() : database;
    }

    /**
     * Decodes the bytes after the length. Any 3.x version is accepted and recorded; other major versions
     * are refused with PostgreSQL's message.
     */
    public static StartupMessage decode(ByteBuf body) {
        BodyReader reader = new BodyReader(body, "StartupMessage");
        int version = reader.readInt32();
        int major = version >>> 16;
        if (major != 3) {
            throw new ProtocolException(SqlState.FEATURE_NOT_SUPPORTED, "unsupported frontend protocol " + major
                    + "." + (version & 0xffff) + ": server supports 3.0");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        // Strict UTF-8: these names and values are re-encoded for the server and matched against users and hba.
        for (String name = reader.readValidCString(); !name.isEmpty(); name = reader.readValidCString()) {
            parameters.put(name, reader.readValidCString());
        }
        reader.requireEnd();
        return new StartupMessage(version, parameters);
    }

    @Override
    public void writeTo(ByteBuf out) {
        int lengthIndex = Frames.beginStartupPacket(out);
        out.writeInt(protocolVersion);
        parameters.forEach((name, value) -> {
            Frames.writeCString(out, name);
            Frames.writeCString(out, value);
        });
        out.writeByte(0);
        Frames.endFrame(out, lengthIndex);
    }
}
