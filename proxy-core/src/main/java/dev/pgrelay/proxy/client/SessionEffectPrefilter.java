package dev.pgrelay.proxy.client;

import io.netty.buffer.ByteBuf;

/**
 * A quick look at raw statement bytes, before any decoding: can this text change session state at all? Only
 * texts containing one of a few words (SET, RESET, DISCARD, DEALLOCATE, PREPARE, LISTEN, LOCK, TEMP, HOLD, LOAD,
 * ROLE) need the lexer; the rest (most SELECT, INSERT, DELETE) cost one pass over their bytes and no allocation.
 * A false positive only costs a lexer run; there are no false negatives for those words.
 *
 * <p>One exception keeps UPDATE off the lexer: its SET clause contains the word SET. A single statement (no ';'
 * but a last one) that starts with UPDATE, INSERT (ON CONFLICT … DO UPDATE SET), MERGE or ALTER cannot be a SET
 * command, so its SET words are passed over unless they are set_config; every other word still counts. Without
 * this, every UPDATE was classified, and because UPDATEs carry their values as literals, every one was a cache
 * miss: a third of pgrelay's Java time under pgbench's TPC-B script.
 */
final class SessionEffectPrefilter {
    private static final byte[][] WORDS = words("set", "reset", "discard", "deallocate", "prepare", "listen", "lock",
            "temp", "hold", "load", "role", "authorization");
    private static final byte[] SET = WORDS[0];
    private static final byte[] SET_CONFIG = word("set_config");
    /** Statements whose SET is a clause, not the SET command. */
    private static final byte[][] SET_CLAUSE_STATEMENTS = words("update", "insert", "merge", "alter");

    private SessionEffectPrefilter() {
    }

    private static byte[][] words(String... words) {
        byte[][] result = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            result[i] = word(words[i]);
        }
        return result;
    }

    private static byte[] word(String word) {
        return word.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** True when bytes [from, to) of {@code text} contain a session-relevant word, case-insensitively. */
    static boolean mayChangeSession(ByteBuf text, int from, int to) {
        int setClauses = -1;   // unknown yet: 1 when the text is one statement with SET clauses, 0 otherwise
        for (int i = from; i < to; i++) {
            int c = text.getByte(i) | 0x20;   // ASCII lower case; other bytes never match a word's first letter
            if (c == 's' || c == 'd' || c == 'p' || c == 'l' || c == 't' || c == 'h' || c == 'r' || c == 'a') {
                for (byte[] word : WORDS) {
                    if (word[0] != c || !matches(text, i, to, word)) {
                        continue;
                    }
                    if (word == SET && !matches(text, i, to, SET_CONFIG)) {
                        if (setClauses < 0) {
                            setClauses = isSingleStatementWithSetClauses(text, from, to) ? 1 : 0;
                        }
                        if (setClauses == 1) {
                            continue;
                        }
                    }
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Starts (after whitespace) with UPDATE, INSERT, MERGE or ALTER followed by whitespace, and holds no ';' but
     * perhaps a last one: a single statement whose SET words are clauses.
     */
    private static boolean isSingleStatementWithSetClauses(ByteBuf text, int from, int to) {
        int start = from;
        while (start < to && Character.isWhitespace(text.getByte(start))) {
            start++;
        }
        for (byte[] keyword : SET_CLAUSE_STATEMENTS) {
            int after = start + keyword.length;
            if (matches(text, start, to, keyword) && after < to && Character.isWhitespace(text.getByte(after))) {
                return endsAtFirstSemicolon(text, start, to);
            }
        }
        return false;
    }

    /** No ';' at all, or only whitespace after the first one (pgbench and many drivers end statements with one). */
    private static boolean endsAtFirstSemicolon(ByteBuf text, int from, int to) {
        int semicolon = text.indexOf(from, to, (byte) ';');
        if (semicolon < 0) {
            return true;
        }
        for (int i = semicolon + 1; i < to; i++) {
            if (!Character.isWhitespace(text.getByte(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code word} (lower case) stands at {@code at}, in any ASCII case. */
    private static boolean matches(ByteBuf text, int at, int to, byte[] word) {
        if (at + word.length > to) {
            return false;
        }
        for (int k = 0; k < word.length; k++) {
            int c = text.getByte(at + k);
            if ((c >= 'A' && c <= 'Z' ? c | 0x20 : c) != word[k]) {   // ASCII lower case, '_' as it is
                return false;
            }
        }
        return true;
    }
}
