package dev.pgrelay.proxy.json;

/** Writes a JSON string literal (RFC 8259 escaping): the one piece every small JSON writer in pgrelay shares. */
public final class JsonStrings {
    private JsonStrings() {
    }

    /** Appends {@code text} to {@code out} as a quoted JSON string. */
    public static void quote(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
