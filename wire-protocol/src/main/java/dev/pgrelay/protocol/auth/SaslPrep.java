package dev.pgrelay.protocol.auth;

import java.text.Normalizer;

/**
 * SASLprep (RFC 4013) of a password, as PostgreSQL's pg_saslprep applies it before hashing: map, check,
 * NFKC. A password that fails the checks is hashed unchanged, like PostgreSQL does, so that any
 * password still works. Java's Unicode tables stand in for Unicode 3.2's, which differ only for
 * characters assigned since.
 */
final class SaslPrep {
    /** RFC 3454 C.1.2, mapped to a plain space. */
    private static final int[] NON_ASCII_SPACE = {
        0x00A0, 0x00A0, 0x1680, 0x1680, 0x2000, 0x200B, 0x202F, 0x202F, 0x205F, 0x205F, 0x3000, 0x3000,
    };
    /** RFC 3454 B.1, "commonly mapped to nothing": soft hyphen, joiners, variation selectors... */
    private static final int[] MAPPED_TO_NOTHING = {
        0x00AD, 0x00AD, 0x034F, 0x034F, 0x1806, 0x1806, 0x180B, 0x180D, 0x200B, 0x200D, 0x2060, 0x2060,
        0xFE00, 0xFE0F, 0xFEFF, 0xFEFF,
    };
    /** RFC 4013 §2.3: tables C.1.2 and C.2.1 to C.9 of RFC 3454 (C.4's xFFFE-xFFFF are tested apart). */
    private static final int[] PROHIBITED = {
        0x00A0, 0x00A0, 0x1680, 0x1680, 0x2000, 0x200B, 0x202F, 0x202F, 0x205F, 0x205F, 0x3000, 0x3000,
        0x0000, 0x001F, 0x007F, 0x007F,
        0x0080, 0x009F, 0x06DD, 0x06DD, 0x070F, 0x070F, 0x180E, 0x180E, 0x200C, 0x200D, 0x2028, 0x2029,
        0x2060, 0x2063, 0x206A, 0x206F, 0xFEFF, 0xFEFF, 0xFFF9, 0xFFFC, 0x1D173, 0x1D17A,
        0xE000, 0xF8FF, 0xF0000, 0xFFFFD, 0x100000, 0x10FFFD,
        0xFDD0, 0xFDEF,
        0xD800, 0xDFFF,
        0xFFF9, 0xFFFD,
        0x2FF0, 0x2FFB,
        0x0340, 0x0341, 0x200E, 0x200F, 0x202A, 0x202E,
        0xE0001, 0xE0001, 0xE0020, 0xE007F,
    };

    private SaslPrep() {
    }

    /** The string to hash for {@code password}: its SASLprep form, or itself when that is prohibited. */
    static String prepare(String password) {
        if (password.chars().allMatch(c -> c < 0x80)) {
            return password; // pg_saslprep returns pure ASCII untouched, control characters included
        }
        StringBuilder mapped = new StringBuilder(password.length());
        password.codePoints().forEach(c -> {
            if (in(NON_ASCII_SPACE, c)) {
                mapped.append(' ');
            } else if (!in(MAPPED_TO_NOTHING, c)) {
                mapped.appendCodePoint(c);
            }
        });
        // pg_saslprep runs its checks on the mapped string, before normalization; doing the same keeps
        // our hash equal to PostgreSQL's for every password.
        String candidate = mapped.toString();
        boolean acceptable = !candidate.isEmpty()
                && candidate.codePoints().noneMatch(SaslPrep::isProhibited)
                && satisfiesBidiRule(candidate);
        return acceptable ? Normalizer.normalize(candidate, Normalizer.Form.NFKC) : password;
    }

    private static boolean isProhibited(int c) {
        return in(PROHIBITED, c) || (c & 0xFFFE) == 0xFFFE || Character.getType(c) == Character.UNASSIGNED;
    }

    /**
     * RFC 3454 §6: a string with right-to-left characters may hold no left-to-right ones, and must start
     * and end with a right-to-left character.
     */
    private static boolean satisfiesBidiRule(String s) {
        if (s.codePoints().noneMatch(SaslPrep::isRightToLeft)) {
            return true;
        }
        return s.codePoints().noneMatch(c -> Character.getDirectionality(c) == Character.DIRECTIONALITY_LEFT_TO_RIGHT)
                && isRightToLeft(s.codePointAt(0))
                && isRightToLeft(s.codePointBefore(s.length()));
    }

    private static boolean isRightToLeft(int c) {
        byte direction = Character.getDirectionality(c);
        return direction == Character.DIRECTIONALITY_RIGHT_TO_LEFT
                || direction == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
    }

    /** Whether {@code c} falls in one of the inclusive ranges listed pairwise in {@code ranges}. */
    private static boolean in(int[] ranges, int c) {
        for (int i = 0; i < ranges.length; i += 2) {
            if (c >= ranges[i] && c <= ranges[i + 1]) {
                return true;
            }
        }
        return false;
    }
}
