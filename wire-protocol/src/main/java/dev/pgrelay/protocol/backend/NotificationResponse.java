package dev.pgrelay.protocol.backend;

import dev.pgrelay.protocol.MessageType;
import dev.pgrelay.protocol.PgMessage;
import dev.pgrelay.protocol.codec.BodyReader;
import dev.pgrelay.protocol.codec.Frames;
import io.netty.buffer.ByteBuf;

/** A NOTIFY delivered to a session that LISTENs on {@code channel}; it can arrive at any time. */
public record NotificationResponse(int processId, String channel, String payload) implements PgMessage {

    public static NotificationResponse decode(ByteBuf body) {
        BodyReader reader = new BodyReader(body, "NotificationResponse");
        NotificationResponse notification =
                new NotificationResponse(reader.readInt32(), reader.readCString(), reader.readCString());
        reader.requireEnd();
        return notification;
    }

    @Override
    public void writeTo(ByteBuf out) {
        int lengthIndex = Frames.beginFrame(out, MessageType.NOTIFICATION_RESPONSE);
        out.writeInt(processId);
        Frames.writeCString(out, channel);
        Frames.writeCString(out, payload);
        Frames.endFrame(out, lengthIndex);
    }
}
