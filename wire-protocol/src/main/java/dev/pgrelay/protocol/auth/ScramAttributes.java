package dev.pgrelay.protocol.auth;

import dev.pgrelay.protocol.ProtocolException;
import java.util.Base64;

/**
 * Reads the comma-separated {@code x=value} attributes of a SCRAM message (RFC 5802 §5.1) one by one,
 * in the order the grammar fixes; anything unexpected is a malformed-message ProtocolException.
 */
final class ScramAttributes {
    private final String message;
    private final int start;
    private int position;

    /** Reads {@code message} from {@code start} (past the GS2 header of a client-first-message). */
    ScramAttributes(String message, int start) {
        this.message = message;
        this.start = start;
        this.position = start;
    }

    static ProtocolException malformed(String detail) {
        return ProtocolException.violation("malformed SCRAM message: " + detail);
    }

    /** Whether attribute {@code name} comes next. */
    boolean isNext(char name) {
        return message.startsWith(separator() + name + "=", position);
    }

    /** Reads the value of attribute {@code name}, which must come next. */
    String read(char name) {
        if (!isNext(name)) {
            throw malformed("expected attribute \"" + name + "\" at offset " + position);
        }
        return readValue();
    }

    /** Reads a base64 attribute value. */
    byte[] readBase64(char name) {
        String value = read(name);
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw malformed("attribute \"" + name + "\" is not valid base64");
        }
    }

    /** Skips optional extension attributes up to attribute {@code name}, which must follow them. */
    void skipExtensionsUntil(char name) {
        while (!atEnd() && !isNext(name)) {
            skipExtension();
        }
    }

    /** Skips the optional extension attributes that end a message. */
    void skipRemainingExtensions() {
        while (!atEnd()) {
            skipExtension();
        }
    }

    private void skipExtension() {
        int nameIndex = position + separator().length();
        boolean wellFormed = message.length() > nameIndex + 1 && Character.isLetter(message.charAt(nameIndex))
                && message.charAt(nameIndex + 1) == '=';
        if (!wellFormed) {
            throw malformed("expected an attribute at offset " + position);
        }
        readValue();
    }

    boolean atEnd() {
        return position == message.length();
    }

    /** Fails if anything follows the attributes read so far. */
    void requireEnd() {
        if (!atEnd()) {
            throw malformed("unexpected data at offset " + position);
        }
    }

    /** Where the next attribute (with its leading comma) starts; the text before it is what was read. */
    int position() {
        return position;
    }

    /** Moves past the {@code [,]x=} prefix and the value; returns the value. */
    private String readValue() {
        int valueStart = position + separator().length() + 2;
        int end = message.indexOf(',', valueStart);
        position = end < 0 ? message.length() : end;
        return message.substring(valueStart, position);
    }

    private String separator() {
        return position == start ? "" : ",";
    }
}
