package dev.pgrelay.protocol.backend;

import dev.pgrelay.protocol.MessageType;
import io.netty.buffer.ByteBuf;
import java.util.Map;

/** A warning or notice that does not interrupt the query (severity WARNING, NOTICE, INFO, LOG, DEBUG). */
public final class NoticeResponse extends DiagnosticMessage {
    public static final String WARNING = "WARNING";
    public static final String NOTICE = "NOTICE";

    public NoticeResponse(Map<Character, String> fields) {
        super(MessageType.NOTICE_RESPONSE, fields);
    }

    public static NoticeResponse of(String severity, String sqlState, String message) {
        return new NoticeResponse(standardFields(severity, sqlState, message, null));
    }

    public static NoticeResponse decode(ByteBuf body) {
        return new NoticeResponse(decodeFields(body, "NoticeResponse"));
    }
}
