package dev.pgrelay.proxy.client;

import io.netty.buffer.ByteBuf;

/**
 * A quick look at raw statement bytes, before any decoding: can this text change session state at all? Only
 * texts containing one of a few words (SET, RESET, DISCARD, DEALLOCATE, PREPARE, LISTEN, LOCK, TEMP, HOLD, LOAD,
 * ROLE) need the lexer; the rest (most SELECT, INSERT, DELETE) cost one pass over their bytes and no allocation.
 * A false positive only costs a lexer run; there are no false negatives for those words.
 */
final class SessionEffectPrefilter {
    private static final byte[][] WORDS = words("set", "discard", "deallocate", "prepare", "listen", "lock", "temp",
            "hold", "load", "role", "authorization");

    private SessionEffectPrefilter() {
    }

    private static byte[][] words(String... words) {
        byte[][] result = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            result[i] = words[i].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
        return result;
    }

    /** True when bytes [from, to) of {@code text} contain a session-relevant word, case-insensitively. */
    static boolean mayChangeSession(ByteBuf text, int from, int to) {
        for (int i = from; i < to; i++) {
            int c = text.getByte(i) | 0x20;   // ASCII lower case; other bytes never match a word's first letter
            if (c == 's' || c == 'd' || c == 'p' || c == 'l' || c == 't' || c == 'h' || c == 'r' || c == 'a') {
                for (byte[] word : WORDS) {
                    if (word[0] == c && matches(text, i, to, word)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean matches(ByteBuf text, int at, int to, byte[] word) {
        if (at + word.length > to) {
            return false;
        }
        for (int k = 1; k < word.length; k++) {
            if ((text.getByte(at + k) | 0x20) != word[k]) {
                return false;
            }
        }
        return true;
    }
}
