package dev.pgrelay.proxy.topology;

import java.time.Duration;

/**
 * What one health probe read from a node: whether it is in recovery, its timeline, and its WAL positions as
 * byte offsets (a pg_lsn minus '0/0'). On a primary {@code walPosition} is pg_current_wal_lsn(); on a replica it
 * is pg_last_wal_replay_lsn() and {@code receivedPosition} is pg_last_wal_receive_lsn(); -1 where the node has
 * no such position.
 */
public record HealthSample(boolean inRecovery, long timeline, long walPosition, long receivedPosition,
                           Duration replayDelay) {
}
