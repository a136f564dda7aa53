package dev.pgrelay.protocol.backend;

import dev.pgrelay.protocol.MessageType;
import dev.pgrelay.protocol.PgMessage;
import dev.pgrelay.protocol.ProtocolException;
import dev.pgrelay.protocol.codec.BodyReader;
import dev.pgrelay.protocol.codec.Frames;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the Authentication family ('R'), whose members share a type byte and differ by the int32
 * code that starts the body. Only the methods pgrelay can answer are decoded; GSSAPI, SSPI and
 * Kerberos are refused with a message naming them.
 */
public final class Authentication {
    public static final int OK = 0;
    public static final int KERBEROS_V5 = 2;
    public static final int CLEARTEXT_PASSWORD = 3;
    public static final int MD5_PASSWORD = 5;
    public static final int SCM_CREDENTIAL = 6;
    public static final int GSS = 7;
    public static final int GSS_CONTINUE = 8;
    public static final int SSPI = 9;
    public static final int SASL = 10;
    public static final int SASL_CONTINUE = 11;
    public static final int SASL_FINAL = 12;

    private Authentication() {
    }

    /** Decodes an 'R' body into the matching Authentication* message. */
    public static PgMessage decode(ByteBuf body) {
        BodyReader reader = new BodyReader(body, "Authentication");
        int code = reader.readInt32();
        PgMessage message = switch (code) {
            case OK -> AuthenticationOk.INSTANCE;
            case CLEARTEXT_PASSWORD -> AuthenticationCleartextPassword.INSTANCE;
            case MD5_PASSWORD -> new AuthenticationMd5Password(reader.readBytes(AuthenticationMd5Password.SALT_LENGTH));
            case SASL -> new AuthenticationSasl(readMechanisms(reader));
            case SASL_CONTINUE -> new AuthenticationSaslContinue(reader.readRemainingBytes());
            case SASL_FINAL -> new AuthenticationSaslFinal(reader.readRemainingBytes());
            default -> throw ProtocolException.violation("unsupported authentication request " + code + " ("
                    + methodName(code) + "); pgrelay supports trust, password, md5 and scram-sha-256");
        };
        reader.requireEnd();
        return message;
    }

    /** Writes the header every Authentication message starts with; finish with {@link Frames#endFrame}. */
    static int beginFrame(ByteBuf out, int code) {
        int lengthIndex = Frames.beginFrame(out, MessageType.AUTHENTICATION);
        out.writeInt(code);
        return lengthIndex;
    }

    private static List<String> readMechanisms(BodyReader reader) {
        List<String> mechanisms = new ArrayList<>();
        for (String mechanism = reader.readCString(); !mechanism.isEmpty(); mechanism = reader.readCString()) {
            mechanisms.add(mechanism);
        }
        return mechanisms;
    }

    private static String methodName(int code) {
        return switch (code) {
            case KERBEROS_V5 -> "Kerberos V5";
            case SCM_CREDENTIAL -> "SCM credentials";
            case GSS, GSS_CONTINUE -> "GSSAPI";
            case SSPI -> "SSPI";
            default -> "unknown method";
        };
    }
}
