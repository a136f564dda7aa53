package dev.pgrelay.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Clones replicas from the running primary with {@code pg_basebackup -X stream -c fast}, side by side. */
final class BaseBackupSeeding implements ReplicaSeeding {

    private static final Duration BACKUP_TIMEOUT = Duration.ofMinutes(3);

    private final ClusterContext context;

    BaseBackupSeeding(ClusterContext context) {
        this.context = context;
    }

    @Override
    public void seed(PgNode primary, List<PgNode> replicas) {
        Concurrently.forEach(replicas, replica -> backUp(primary, replica));
    }

    private void backUp(PgNode primary, PgNode replica) {
        // No -R: the cluster writes standby.signal and primary_conninfo itself, as for cold copies.
        List<String> command = List.of(context.binaries().bin("pg_basebackup").toString(),
                "-D", replica.dataDir().toString(),
                "-d", context.conninfo(primary, replica.name()),
                "-X", "stream", "-c", "fast", "--no-sync");
        OsCommand.run(context.osUser().commandLine(command), context.directory(),
                Map.of("PGPASSWORD", context.password()), BACKUP_TIMEOUT).orFail("pg_basebackup of " + replica.name());
    }
}
