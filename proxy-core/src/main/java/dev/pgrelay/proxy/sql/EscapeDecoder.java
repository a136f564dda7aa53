package dev.pgrelay.proxy.sql;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * Decodes the escapes of {@code E'…'} strings (backslash escapes) and of {@code U&'…'} strings and names (Unicode
 * escapes), as PostgreSQL does for a UTF-8 database. Returns null where PostgreSQL reports an error.
 */
final class EscapeDecoder {
    private final String raw;
    private int pos;

    private EscapeDecoder(String raw) {
        this.raw = raw;
    }

    /**
     * {@code \b \f \n \r \t}, octal {@code \ooo} and hex {@code \xhh} bytes, code points as backslash, u and
     * four hex digits or backslash, U and eight; a backslash before any other character stands for that character.
     * Octal and hex escapes are bytes, so they may together spell one UTF-8 character ({@code E'\303\251'} is "é").
     */
    static String backslashEscapes(String raw) {
        return raw.indexOf('\\') < 0 ? raw : new EscapeDecoder(raw).decodeBackslashes();
    }

    /** {@code \XXXX} and {@code \+XXXXXX} code points and a doubled escape character, with any escape character. */
    static String unicodeEscapes(String raw, char escape) {
        return raw.indexOf(escape) < 0 ? raw : new EscapeDecoder(raw).decodeUnicode(escape);
    }

    private String decodeBackslashes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length() + 8);
        while (pos < raw.length()) {
            if (raw.charAt(pos) != '\\' || pos + 1 == raw.length()) {
                appendUtf8(bytes, takeCodePoint());
                continue;
            }
            pos++;
            char escaped = raw.charAt(pos);
            if (escaped >= '0' && escaped <= '7') {
                bytes.write(takeDigits(8, 1, 3));
            } else if (escaped == 'x' && hexDigitsAhead(pos + 1) >= 1) {
                pos++;
                bytes.write(takeDigits(16, 1, 2));
            } else if (escaped == 'u' || escaped == 'U') {
                pos++;
                int codePoint = unicodeEscape(escaped == 'u' ? 4 : 8, '\\', escaped);
                if (codePoint < 0) {
                    return null;
                }
                appendUtf8(bytes, codePoint);
            } else {
                int single = singleCharacterEscape(escaped);
                if (single >= 0) {
                    pos++;
                    bytes.write(single);
                } else {
                    appendUtf8(bytes, takeCodePoint());
                }
            }
        }
        return strictUtf8(bytes.toByteArray());
    }

    private String decodeUnicode(char escape) {
        StringBuilder out = new StringBuilder(raw.length());
        while (pos < raw.length()) {
            if (raw.charAt(pos) != escape) {
                out.append(raw.charAt(pos++));
            } else if (pos + 1 < raw.length() && raw.charAt(pos + 1) == escape) {
                out.append(escape);
                pos += 2;
            } else {
                pos++;
                int codePoint = nextUnicodeEscape(escape);
                if (codePoint < 0) {
                    return null;
                }
                out.appendCodePoint(codePoint);
            }
        }
        return out.toString();
    }

    /** After the escape character of a U& string: {@code +XXXXXX} or {@code XXXX}. */
    private int nextUnicodeEscape(char escape) {
        if (pos < raw.length() && raw.charAt(pos) == '+') {
            pos++;
            return unicodeEscape(6, escape, '+');
        }
        return unicodeEscape(4, escape, '\0');
    }

    /**
     * Reads exactly {@code digits} hex digits as a code point; a high surrogate must be followed at once by an
     * escaped low surrogate (written with the same kind of escape), and the pair stands for one code point.
     * Returns -1 for what PostgreSQL rejects: too few digits, zero, beyond U+10FFFF, an unpaired surrogate.
     */
    private int unicodeEscape(int digits, char escape, char marker) {
        if (hexDigitsAhead(pos) < digits) {
            return -1;
        }
        int codePoint = takeDigits(16, digits, digits);
        if (codePoint <= Character.MAX_VALUE && Character.isHighSurrogate((char) codePoint)) {
            int lowStart = pos;
            boolean escaped = raw.startsWith(String.valueOf(escape), pos)
                    && (marker == '\0' || raw.startsWith(String.valueOf(marker), pos + 1));
            if (!escaped) {
                return -1;
            }
            pos += marker == '\0' ? 1 : 2;
            int low = hexDigitsAhead(pos) >= digits ? takeDigits(16, digits, digits) : -1;
            if (low < 0 || low > Character.MAX_VALUE || !Character.isLowSurrogate((char) low)) {
                pos = lowStart;
                return -1;
            }
            return Character.toCodePoint((char) codePoint, (char) low);
        }
        boolean valid = codePoint > 0 && codePoint <= Character.MAX_CODE_POINT
                && !(codePoint <= Character.MAX_VALUE && Character.isSurrogate((char) codePoint));
        return valid ? codePoint : -1;
    }

    private static int singleCharacterEscape(char escaped) {
        return switch (escaped) {
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            default -> -1;
        };
    }

    private int takeCodePoint() {
        int codePoint = raw.codePointAt(pos);
        pos += Character.charCount(codePoint);
        return codePoint;
    }

    private int takeDigits(int radix, int min, int max) {
        int value = 0;
        int taken = 0;
        while (taken < max && pos < raw.length() && digitValue(raw.charAt(pos), radix) >= 0) {
            value = value * radix + digitValue(raw.charAt(pos), radix);
            pos++;
            taken++;
        }
        return taken < min ? -1 : value;
    }

    private int hexDigitsAhead(int from) {
        int count = 0;
        while (from + count < raw.length() && digitValue(raw.charAt(from + count), 16) >= 0) {
            count++;
        }
        return count;
    }

    /** ASCII digits only: {@link Character#digit} would also accept other scripts' digits. */
    static int digitValue(char c, int radix) {
        int value;
        if (c >= '0' && c <= '9') {
            value = c - '0';
        } else if (c >= 'a' && c <= 'z') {
            value = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'Z') {
            value = c - 'A' + 10;
        } else {
            return -1;
        }
        return value < radix ? value : -1;
    }

    private static void appendUtf8(ByteArrayOutputStream bytes, int codePoint) {
        byte[] encoded = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
    }

    /** PostgreSQL refuses a literal whose bytes are not valid UTF-8, and the zero byte in any text. */
    private static String strictUtf8(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return null;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
