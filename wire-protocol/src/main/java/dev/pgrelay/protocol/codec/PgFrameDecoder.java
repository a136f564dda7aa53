package dev.pgrelay.protocol.codec;

import dev.pgrelay.protocol.MessageType;
import dev.pgrelay.protocol.ProtocolException;
import dev.pgrelay.protocol.SqlState;
import dev.pgrelay.protocol.frontend.CancelRequest;
import dev.pgrelay.protocol.frontend.GssEncRequest;
import dev.pgrelay.protocol.frontend.SslRequest;
import dev.pgrelay.protocol.frontend.StartupMessage;
import dev.pgrelay.protocol.frontend.StartupPacket;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Cuts the byte stream of one connection into protocol messages: decoded {@link StartupPacket}s in the
 * startup phase, then each normal-phase frame as a retained slice (type byte, length, body) for
 * forwarding without copying.
 *
 * <p>Lengths are checked as soon as the header is readable, before any body bytes are awaited, so a
 * hostile length can neither make us buffer gigabytes nor wait forever. After the first error the
 * decoder discards everything: the stream is out of sync and nothing after it can be trusted.
 */
public final class PgFrameDecoder extends ByteToMessageDecoder {
    /**
     * PostgreSQL's MAX_STARTUP_PACKET_LENGTH, which like PostgreSQL we apply to the bytes after the
     * length word (so the whole packet is 8..10004 bytes).
     */
    public static final int MAX_STARTUP_PACKET_LENGTH = 10000;

    private enum Phase { STARTUP, NORMAL }

    private final int maxMessageSize;
    private final boolean fromClient;
    private Phase phase;
    private boolean failed;

    private PgFrameDecoder(int maxMessageSize, Phase phase, boolean fromClient) {
        if (maxMessageSize < 4 || maxMessageSize == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxMessageSize must be 4.." + (Integer.MAX_VALUE - 1)
                    + ", was " + maxMessageSize);
        }
        this.maxMessageSize = maxMessageSize;
        this.phase = phase;
        this.fromClient = fromClient;
    }

    /** For a client connection: starts with the startup packet; frames must carry frontend type bytes. */
    public static PgFrameDecoder forClients(int maxMessageSize) {
        return new PgFrameDecoder(maxMessageSize, Phase.STARTUP, true);
    }

    /** For a server connection: every message is a typed frame from the start. */
    public static PgFrameDecoder forServers(int maxMessageSize) {
        return new PgFrameDecoder(maxMessageSize, Phase.NORMAL, false);
    }

    /** Treats what follows as typed frames; a StartupMessage does this by itself. */
    public void enterNormalPhase() {
        phase = Phase.NORMAL;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            Object message = phase == Phase.STARTUP ? decodeStartupPacket(in) : decodeFrame(in);
            if (message != null) {
                out.add(message);
            }
        } catch (RuntimeException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    private StartupPacket decodeStartupPacket(ByteBuf in) {
        if (in.readableBytes() < 4) {
            return null;
        }
        int length = in.getInt(in.readerIndex());
        if (length < 8 || length - 4 > MAX_STARTUP_PACKET_LENGTH) {
            throw ProtocolException.violation("invalid length of startup packet: " + length);
        }
        if (in.readableBytes() < length) {
            return null;
        }
        StartupPacket packet = decodeStartupBody(in.slice(in.readerIndex() + 4, length - 4));
        in.skipBytes(length);
        if (packet instanceof StartupMessage) {
            phase = Phase.NORMAL;
        } else if (in.isReadable()) {
            rejectDataAfterEncryptionRequest(packet);
        }
        return packet;
    }

    private static StartupPacket decodeStartupBody(ByteBuf body) {
        int code = body.getInt(body.readerIndex());
        switch (code) {
            case SslRequest.CODE:
                return SslRequest.decode(body);
            case GssEncRequest.CODE:
                return GssEncRequest.decode(body);
            case CancelRequest.CODE:
                return CancelRequest.decode(body);
            default:
                return StartupMessage.decode(body);
        }
    }

    /**
     * Bytes that arrived with an SSL/GSS request were sent before encryption was negotiated, so a
     * man-in-the-middle may have injected them (CVE-2021-23214); PostgreSQL refuses them the same way.
     */
    private static void rejectDataAfterEncryptionRequest(StartupPacket packet) {
        if (packet == SslRequest.INSTANCE) {
            throw ProtocolException.violation("received unencrypted data after SSL request");
        }
        if (packet == GssEncRequest.INSTANCE) {
            throw ProtocolException.violation("received unencrypted data after GSSAPI encryption request");
        }
    }

    private ByteBuf decodeFrame(ByteBuf in) {
        if (in.readableBytes() < Frames.HEADER_SIZE) {
            return null;
        }
        byte type = Frames.type(in);
        int length = Frames.length(in);
        if (fromClient && !MessageType.isFrontend(type)) {
            throw ProtocolException.violation("invalid frontend message type " + MessageType.describe(type));
        }
        if (length < 4) {
            throw ProtocolException.violation("invalid message length " + length + " for message type "
                    + MessageType.describe(type));
        }
        if (length > maxMessageSize) {
            throw new ProtocolException(SqlState.PROGRAM_LIMIT_EXCEEDED, "message of type "
                    + MessageType.describe(type) + " is " + length + " bytes, larger than max_message_size "
                    + maxMessageSize);
        }
        if (in.readableBytes() - 1 < length) {
            return null;
        }
        return in.readRetainedSlice(length + 1);
    }
}
