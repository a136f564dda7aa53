package dev.pgrelay.protocol.codec;

import static dev.pgrelay.protocol.testing.WireBytes.bytes;
import static dev.pgrelay.protocol.testing.WireBytes.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.pgrelay.protocol.ProtocolException;
import dev.pgrelay.protocol.testing.WireBytes;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Property: whatever bytes a client sends, in whatever pieces, the client decoder only waits, emits, or
 * fails with a ProtocolException (wrapped in a DecoderException), and every buffer ends up released.
 * Each run is seeded; a failure names the seed that reproduces it.
 */
class PgFrameDecoderRandomInputTest {
    private static final int RUNS = 1000;
    private static final byte[] STARTUP_MESSAGE =
            bytes().int32(196608).cstring("user").cstring("alice").int8(0).asStartupPacket();
    private static final byte[] VALID_TRAFFIC = concat(STARTUP_MESSAGE,
            bytes().cstring("").cstring("SELECT $1").int16(1).int32(23).asFrame('P'),
            bytes().cstring("").cstring("").int16(0).int16(1).int32(1).raw("7").int16(0).asFrame('B'),
            bytes().cstring("").int32(0).asFrame('E'),
            bytes().asFrame('S'),
            bytes().cstring("SELECT 1").asFrame('Q'));

    private static final String FRONTEND_TYPES = "BCDEFHPpQSXfdc";

    private final long baseSeed = Long.getLong("fuzz.seed", new Random().nextLong());

    @Test
    void randomBytesFromTheFirstByte() {
        forEachRun(random -> randomBytes(random, 300));
    }

    @Test
    void randomFramesAfterAValidStartupMessage() {
        forEachRun(random -> concat(STARTUP_MESSAGE, randomBytes(random, 300)));
    }

    @Test
    void framesWithLengthsAroundTheLimitsAfterAValidStartupMessage() {
        forEachRun(random -> {
            WireBytes frames = bytes().raw(STARTUP_MESSAGE);
            for (int count = 1 + random.nextInt(4); count > 0; count--) {
                byte[] body = randomBytes(random, 40);
                int length = switch (random.nextInt(4)) {
                    case 0 -> body.length + 4;
                    case 1 -> random.nextInt(16) - 8;
                    case 2 -> 4096 + random.nextInt(3) - 1;
                    default -> random.nextInt();
                };
                frames.int8(FRONTEND_TYPES.charAt(random.nextInt(FRONTEND_TYPES.length()))).int32(length).raw(body);
            }
            return frames.toArray();
        });
    }

    @Test
    void validTrafficWithRandomBytesCorrupted() {
        forEachRun(random -> {
            byte[] corrupted = VALID_TRAFFIC.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                corrupted[random.nextInt(corrupted.length)] = (byte) random.nextInt(256);
            }
            return corrupted;
        });
    }

    @Test
    void randomBytesFromAServer() {
        forEachRun(random -> randomBytes(random, 300), () -> PgFrameDecoder.forServers(4096));
    }

    private void forEachRun(Function<Random, byte[]> inputs) {
        forEachRun(inputs, () -> PgFrameDecoder.forClients(4096));
    }

    private void forEachRun(Function<Random, byte[]> inputs, Supplier<PgFrameDecoder> decoders) {
        for (int run = 0; run < RUNS; run++) {
            long seed = baseSeed + run;
            Random random = new Random(seed);
            feedInRandomPieces(inputs.apply(random), random, seed, decoders.get());
        }
        System.out.println("PgFrameDecoderRandomInputTest: " + RUNS + " inputs, seeds " + baseSeed + ".."
                + (baseSeed + RUNS - 1) + " (-Dfuzz.seed replays)");
    }

    private static void feedInRandomPieces(byte[] input, Random random, long seed, PgFrameDecoder decoder) {
        DecoderChannels channels = new DecoderChannels();
        EmbeddedChannel channel = channels.open(decoder);
        for (int from = 0, to; from < input.length; from = to) {
            to = from + 1 + random.nextInt(input.length - from);
            int start = from;
            int end = to;
            Throwable thrown = catchThrowable(() -> channels.write(channel, input, start, end));
            if (thrown != null) {
                assertThat(thrown).as("seed %d", seed)
                        .isInstanceOf(DecoderException.class)
                        .hasCauseInstanceOf(ProtocolException.class);
            }
        }
        channels.drain(channel);
        assertFalse(channel.finish(), "seed " + seed);
        channels.assertAllReleased();
    }

    private static byte[] randomBytes(Random random, int maxLength) {
        byte[] bytes = new byte[random.nextInt(maxLength + 1)];
        random.nextBytes(bytes);
        return bytes;
    }
}
