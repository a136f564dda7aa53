package dev.pgrelay.bench.proxy;

import static dev.pgrelay.proxy.server.PendingResponses.FORWARD;
import static dev.pgrelay.proxy.server.PendingResponses.PARSE;
import static dev.pgrelay.proxy.server.PendingResponses.QUERY;
import static dev.pgrelay.proxy.server.PendingResponses.SYNC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.pgrelay.protocol.backend.ReadyForQuery;
import dev.pgrelay.protocol.codec.Frames;
import dev.pgrelay.proxy.server.OfflineServerConnections;
import dev.pgrelay.proxy.server.ServerConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TransactionBoundaryTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final ServerConnection server = OfflineServerConnections.idle(channel);

    @AfterEach
    void finish() {
        assertFalse(channel.finish());
    }

    @Test
    void readyForQueryIdleForTheOnlyQueryOwedReleases() {
        server.pending().add(QUERY, FORWARD, null);

        assertThat(readyForQuery(ReadyForQuery.IDLE)).isTrue();
        assertThat(server.pending().isEmpty()).isTrue();
    }

    @Test
    void aTransactionOpenOrFailedKeepsTheServer() {
        server.pending().add(QUERY, FORWARD, null);
        server.pending().add(QUERY, FORWARD, null);

        assertThat(readyForQuery(ReadyForQuery.IN_TRANSACTION)).isFalse();
        assertThat(readyForQuery(ReadyForQuery.FAILED)).isFalse();
        assertThat(server.transactionStatus()).isEqualTo('E');
        assertThat(server.pending().isEmpty()).isTrue();
    }

    @Test
    void aPipelinedSyncStillOwedKeepsTheServerUntilItsAnswer() {
        server.pending().add(SYNC, FORWARD, null);
        server.pending().add(SYNC, FORWARD, null);

        assertThat(readyForQuery(ReadyForQuery.IDLE)).isFalse();
        assertThat(readyForQuery(ReadyForQuery.IDLE)).isTrue();
    }

    @Test
    void readyForQueryLeavesAnUnansweredParseAtTheHead() {
        server.pending().add(PARSE, FORWARD, null);

        assertThat(readyForQuery(ReadyForQuery.IDLE)).isFalse();
        assertThat(server.pending().size()).isEqualTo(1);
    }

    private boolean readyForQuery(ReadyForQuery message) {
        ByteBuf frame = message.encode(UnpooledByteBufAllocator.DEFAULT);
        try {
            return TransactionBoundary.onReadyForQuery(server, Frames.body(frame));
        } finally {
            frame.release();
        }
    }
}
