package dev.pgrelay.testkit;

import java.util.List;

/**
 * Clones replicas by copying the primary's data directory while the primary is stopped (stopping it cleanly
 * first if it runs). A cleanly stopped directory is a consistent base backup: a copy started as a standby
 * streams from the primary's shutdown checkpoint on. Used for replicas added to a running cluster when the
 * binaries lack pg_basebackup (the embedded ones do).
 */
final class ColdCopySeeding implements ReplicaSeeding {

    private final ClusterContext context;

    ColdCopySeeding(ClusterContext context) {
        this.context = context;
    }

    @Override
    public void seed(PgNode primary, List<PgNode> replicas) {
        boolean wasRunning = primary.isRunning();
        primary.stop(StopMode.FAST);
        try {
            Concurrently.forEach(replicas,
                    replica -> DirectoryTrees.copyDataDirectory(primary.dataDir(), replica.dataDir(), context.osUser()));
        } finally {
            if (wasRunning) {
                primary.start();
            }
        }
    }
}
