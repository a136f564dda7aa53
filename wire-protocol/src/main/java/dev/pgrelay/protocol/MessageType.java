package dev.pgrelay.protocol;

/**
 * The type bytes of protocol 3.0 (PostgreSQL docs, "Message Formats").
 *
 * <p>Frontend and backend reuse some letters with different meanings: 'C' is {@link #CLOSE} from a
 * client but {@link #COMMAND_COMPLETE} from a server, 'D' is {@link #DESCRIBE} / {@link #DATA_ROW},
 * 'E' is {@link #EXECUTE} / {@link #ERROR_RESPONSE}, 'H' is {@link #FLUSH} / {@link #COPY_OUT_RESPONSE},
 * 'S' is {@link #SYNC} / {@link #PARAMETER_STATUS}. A constant's name always says which message it is;
 * the direction is given in each group's heading. CopyData 'd' and CopyDone 'c' travel both ways.
 */
public final class MessageType {

    // Frontend (client to server).
    public static final byte BIND = 'B';
    public static final byte CLOSE = 'C';
    public static final byte DESCRIBE = 'D';
    public static final byte EXECUTE = 'E';
    public static final byte FUNCTION_CALL = 'F';
    public static final byte FLUSH = 'H';
    public static final byte PARSE = 'P';
    /** PasswordMessage, and also SASLInitialResponse, SASLResponse and GSSResponse. */
    public static final byte PASSWORD = 'p';
    public static final byte QUERY = 'Q';
    public static final byte SYNC = 'S';
    public static final byte TERMINATE = 'X';
    public static final byte COPY_FAIL = 'f';

    // Both directions.
    public static final byte COPY_DATA = 'd';
    public static final byte COPY_DONE = 'c';

    // Backend (server to client).
    public static final byte PARSE_COMPLETE = '1';
    public static final byte BIND_COMPLETE = '2';
    public static final byte CLOSE_COMPLETE = '3';
    public static final byte NOTIFICATION_RESPONSE = 'A';
    public static final byte COMMAND_COMPLETE = 'C';
    public static final byte DATA_ROW = 'D';
    public static final byte ERROR_RESPONSE = 'E';
    public static final byte COPY_IN_RESPONSE = 'G';
    public static final byte COPY_OUT_RESPONSE = 'H';
    public static final byte EMPTY_QUERY_RESPONSE = 'I';
    public static final byte BACKEND_KEY_DATA = 'K';
    public static final byte NOTICE_RESPONSE = 'N';
    public static final byte AUTHENTICATION = 'R';
    public static final byte PARAMETER_STATUS = 'S';
    public static final byte ROW_DESCRIPTION = 'T';
    public static final byte FUNCTION_CALL_RESPONSE = 'V';
    public static final byte COPY_BOTH_RESPONSE = 'W';
    public static final byte READY_FOR_QUERY = 'Z';
    public static final byte NO_DATA = 'n';
    public static final byte PORTAL_SUSPENDED = 's';
    public static final byte PARAMETER_DESCRIPTION = 't';
    public static final byte NEGOTIATE_PROTOCOL_VERSION = 'v';

    private MessageType() {
    }

    /** Whether a client may send a message of this type once the startup packet is done. */
    public static boolean isFrontend(byte type) {
        switch (type) {
            case BIND: case CLOSE: case DESCRIBE: case EXECUTE: case FUNCTION_CALL: case FLUSH: case PARSE:
            case PASSWORD: case QUERY: case SYNC: case TERMINATE: case COPY_FAIL: case COPY_DATA: case COPY_DONE:
                return true;
            default:
                return false;
        }
    }

    /** The type byte for error messages: 'Q' when printable, else its decimal value as PostgreSQL shows it. */
    public static String describe(byte type) {
        return type >= 0x21 && type <= 0x7e ? "'" + (char) type + "'" : String.valueOf(type & 0xff);
    }
}
