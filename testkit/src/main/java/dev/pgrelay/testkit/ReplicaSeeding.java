package dev.pgrelay.testkit;

import java.util.List;

/**
 * Fills the data directories of new, not yet started replicas with a copy of the primary. The standby
 * configuration is written afterwards, the same way for every kind of copy. Leaves the primary running if
 * it was running.
 */
interface ReplicaSeeding {

    void seed(PgNode primary, List<PgNode> replicas);

    /** For a live primary: pg_basebackup where the binaries have it (no downtime), else a cold copy. */
    static ReplicaSeeding forRunningPrimary(ClusterContext context) {
        return context.binaries().hasPgBasebackup() ? new BaseBackupSeeding(context) : new ColdCopySeeding(context);
    }
}
