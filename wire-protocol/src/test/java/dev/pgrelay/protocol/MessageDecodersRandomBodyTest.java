package dev.pgrelay.protocol;

import static dev.pgrelay.protocol.testing.WireBytes.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.pgrelay.protocol.backend.Authentication;
import dev.pgrelay.protocol.backend.BackendKeyData;
import dev.pgrelay.protocol.backend.CommandComplete;
import dev.pgrelay.protocol.backend.DataRow;
import dev.pgrelay.protocol.backend.ErrorResponse;
import dev.pgrelay.protocol.backend.NoticeResponse;
import dev.pgrelay.protocol.backend.NotificationResponse;
import dev.pgrelay.protocol.backend.ParameterStatus;
import dev.pgrelay.protocol.backend.ReadyForQuery;
import dev.pgrelay.protocol.backend.RowDescription;
import dev.pgrelay.protocol.frontend.Bind;
import dev.pgrelay.protocol.frontend.CancelRequest;
import dev.pgrelay.protocol.frontend.Close;
import dev.pgrelay.protocol.frontend.CopyFail;
import dev.pgrelay.protocol.frontend.Describe;
import dev.pgrelay.protocol.frontend.Execute;
import dev.pgrelay.protocol.frontend.Parse;
import dev.pgrelay.protocol.frontend.PasswordMessage;
import dev.pgrelay.protocol.frontend.Query;
import dev.pgrelay.protocol.frontend.SaslInitialResponse;
import dev.pgrelay.protocol.frontend.SaslResponse;
import dev.pgrelay.protocol.frontend.StartupMessage;
import dev.pgrelay.protocol.frontend.Sync;
import dev.pgrelay.protocol.frontend.Terminate;
import dev.pgrelay.protocol.testing.WireBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Property: every message decoder pgrelay runs on bytes from a client or a server either decodes a body or refuses
 * it with a {@link ProtocolException} — never an IndexOutOfBoundsException, an IllegalArgumentException or
 * anything else a handler would not expect — and never releases or keeps the body it was given. Bodies are random
 * bytes, and valid bodies with bytes corrupted, cut short or extended. Seeded: -Dfuzz.seed replays a run, and
 * each run prints its seed.
 */
class MessageDecodersRandomBodyTest {
    private static final int RUNS_PER_DECODER = Integer.getInteger("fuzz.cases", 2000);

    /** Each decoder with a valid body to corrupt. */
    private static final Map<String, Decoder> DECODERS = new LinkedHashMap<>();

    private record Decoder(Function<ByteBuf, ?> decode, byte[] validBody) {
    }

    static {
        add("StartupMessage", StartupMessage::decode,
                bytes().int16(3).int16(0).cstring("user").cstring("alice").cstring("database").cstring("db").int8(0));
        add("CancelRequest", CancelRequest::decode, bytes().int16(1234).int16(5678).int32(1).int32(2));
        add("PasswordMessage", PasswordMessage::decode, bytes().cstring("secret"));
        add("SaslInitialResponse", SaslInitialResponse::decode,
                bytes().cstring("SCRAM-SHA-256").int32(3).raw("n,,"));
        add("SaslResponse", SaslResponse::decode, bytes().raw("c=biws,r=abc,p=xyz"));
        add("Query", Query::decode, bytes().cstring("SELECT 1"));
        add("Parse", Parse::decode, bytes().cstring("s1").cstring("SELECT $1").int16(1).int32(23));
        add("Bind.statementName", Bind::statementName, bytes().cstring("p1").cstring("s1").int16(0).int16(0).int16(0));
        add("Describe", Describe::decode, bytes().raw("S").cstring("s1"));
        add("Close", Close::decode, bytes().raw("P").cstring("p1"));
        add("Execute", Execute::decode, bytes().cstring("p1").int32(0));
        add("CopyFail", CopyFail::decode, bytes().cstring("stop"));
        add("Sync", Sync::decode, bytes());
        add("Terminate", Terminate::decode, bytes());
        add("Authentication", Authentication::decode, bytes().int32(10).cstring("SCRAM-SHA-256").int8(0));
        add("BackendKeyData", BackendKeyData::decode, bytes().int32(42).int32(7));
        add("ParameterStatus", ParameterStatus::decode, bytes().cstring("TimeZone").cstring("UTC"));
        add("ReadyForQuery", ReadyForQuery::decode, bytes().raw("T"));
        add("CommandComplete", CommandComplete::decode, bytes().cstring("INSERT 0 1"));
        add("ErrorResponse", ErrorResponse::decode,
                bytes().raw("S").cstring("ERROR").raw("C").cstring("42P01").raw("M").cstring("no table").int8(0));
        add("NoticeResponse", NoticeResponse::decode, bytes().raw("S").cstring("NOTICE").raw("M").cstring("hi").int8(0));
        add("NotificationResponse", NotificationResponse::decode, bytes().int32(9).cstring("chan").cstring("payload"));
        add("RowDescription", RowDescription::decode,
                bytes().int16(1).cstring("n").int32(0).int16(0).int32(23).int16(4).int32(-1).int16(0));
        add("DataRow", DataRow::decode, bytes().int16(2).int32(1).raw("7").int32(-1));
    }

    private static void add(String name, Function<ByteBuf, ?> decode, WireBytes body) {
        DECODERS.put(name, new Decoder(decode, body.toArray()));
    }

    @Test
    void everyDecoderEitherDecodesOrRefusesWithAProtocolException() {
        long seed = Long.getLong("fuzz.seed", new Random().nextLong());
        Random random = new Random(seed);
        int cases = 0;
        int refused = 0;
        for (Map.Entry<String, Decoder> decoder : DECODERS.entrySet()) {
            for (int run = 0; run < RUNS_PER_DECODER; run++) {
                byte[] body = hostileBody(random, decoder.getValue().validBody());
                refused += decodeOnce(decoder.getKey(), decoder.getValue().decode(), body, seed) ? 0 : 1;
                cases++;
            }
        }
        System.out.println("MessageDecodersRandomBodyTest: " + cases + " bodies over " + DECODERS.size()
                + " decoders, " + refused + " refused with a ProtocolException, seed " + seed);
    }

    @Test
    void theValidBodiesUsedAsSeedsDecode() {
        DECODERS.forEach((name, decoder) ->
                assertThat(decodeOnce(name, decoder.decode(), decoder.validBody(), 0)).as(name).isTrue());
    }

    /** True when decoded, false when refused with a ProtocolException; anything else fails the test. */
    private static boolean decodeOnce(String name, Function<ByteBuf, ?> decode, byte[] body, long seed) {
        ByteBuf buf = Unpooled.wrappedBuffer(body);
        try {
            Throwable thrown = catchThrowable(() -> decode.apply(buf));
            if (thrown != null && !(thrown instanceof ProtocolException)) {
                throw new AssertionError(name + " threw " + thrown + " for body " + HexFormat.of().formatHex(body)
                        + " (-Dfuzz.seed=" + seed + ")", thrown);
            }
            return thrown == null;
        } finally {
            assertThat(buf.refCnt()).as("%s leaves the body's reference count alone", name).isEqualTo(1);
            buf.release();
        }
    }

    private static byte[] hostileBody(Random random, byte[] valid) {
        switch (random.nextInt(4)) {
            case 0 -> {
                byte[] bytes = new byte[random.nextInt(48)];
                random.nextBytes(bytes);
                return bytes;
            }
            case 1 -> {
                return Arrays.copyOf(valid, random.nextInt(valid.length + 1));   // cut short
            }
            case 2 -> {
                byte[] longer = Arrays.copyOf(valid, valid.length + 1 + random.nextInt(8));
                for (int i = valid.length; i < longer.length; i++) {
                    longer[i] = (byte) random.nextInt(256);
                }
                return longer;   // trailing bytes
            }
            default -> {
                byte[] corrupted = valid.clone();
                for (int flips = 1 + random.nextInt(3); flips > 0 && corrupted.length > 0; flips--) {
                    corrupted[random.nextInt(corrupted.length)] = (byte) random.nextInt(256);
                }
                return corrupted;
            }
        }
    }
}
