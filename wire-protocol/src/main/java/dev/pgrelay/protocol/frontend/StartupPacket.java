package dev.pgrelay.protocol.frontend;

import dev.pgrelay.protocol.PgMessage;

/**
 * A packet of the startup phase, which has no type byte: StartupMessage, SSLRequest, GSSENCRequest
 * or CancelRequest, told apart by the int32 code after the length.
 */
public interface StartupPacket extends PgMessage {
}
