package dev.pgrelay.proxy.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class WaitingInputTest {
    private final EmbeddedChannel client = new EmbeddedChannel();
    private final WaitingInput queued = new WaitingInput(client);

    @Test
    void clientKeepsBeingReadWhileAFewFramesWait() {
        queued.add(frame(100));
        queued.add(frame(200));

        assertThat(client.config().isAutoRead()).isTrue();
        assertThat(queued.poll().readableBytes()).isEqualTo(100);
        assertThat(queued.poll().readableBytes()).isEqualTo(200);
        assertThat(queued.poll()).isNull();
        assertFalse(client.finish());
    }

    @Test
    void readingStopsOnceMoreThanTheLimitWaits() {
        queued.add(frame(WaitingInput.LIMIT));
        assertThat(client.config().isAutoRead()).isTrue();

        queued.add(frame(1));

        assertThat(client.config().isAutoRead()).isFalse();
        assertFalse(client.finish());
    }

    @Test
    void polledFramesNoLongerCountTowardsTheLimit() {
        queued.add(frame(WaitingInput.LIMIT));
        queued.poll().release();

        queued.add(frame(WaitingInput.LIMIT));

        assertThat(client.config().isAutoRead()).isTrue();
        queued.releaseAll();
        assertFalse(client.finish());
    }

    @Test
    void releaseAllFreesEveryFrame() {
        ByteBuf first = frame(10);
        ByteBuf second = frame(10);
        queued.add(first);
        queued.add(second);

        queued.releaseAll();

        assertThat(first.refCnt()).isZero();
        assertThat(second.refCnt()).isZero();
        assertThat(queued.isEmpty()).isTrue();
        assertFalse(client.finish());
    }

    private static ByteBuf frame(int size) {
        return Unpooled.buffer(size).writeZero(size);
    }
}
