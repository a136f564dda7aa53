package dev.pgrelay.proxy.topology;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/**
 * The one statement a health check runs (one round trip) and how its row becomes a {@link HealthSample}.
 *
 * <p>Choices, all readable by an unprivileged role (PostgreSQL 10 and later):
 * <ul>
 * <li>pg_is_in_recovery() is read once, in a subquery that OFFSET 0 keeps from being flattened, so a promotion
 *     between two calls cannot send pg_walfile_name() (which fails during recovery) down the primary branch.</li>
 * <li>A primary's timeline comes from the name of its current WAL file (its first 8 hex digits), which changes
 *     the moment promotion ends; pg_control_checkpoint().timeline_id only changes at the next checkpoint and
 *     would make a freshly promoted primary look like it is on its predecessor's timeline.</li>
 * <li>A replica's timeline is the WAL receiver's received_tli when the role may read it (pg_read_all_stats),
 *     otherwise its last restartpoint's timeline. Only primaries' timelines decide anything (fencing).</li>
 * <li>The replay delay is the age of the last replayed transaction only while received WAL is still waiting
 *     to be replayed: a replica that has replayed everything has no delay, however idle the primary is.
 *     The byte lag against the primary is computed by {@link Topology} from both nodes' samples.</li>
 * </ul>
 */
final class HealthQuery {
    static final String SQL = """
            SELECT s.in_recovery,
                   CASE WHEN s.in_recovery
                        THEN coalesce((SELECT w.received_tli::bigint FROM pg_catalog.pg_stat_wal_receiver w),
                                      (pg_catalog.pg_control_checkpoint()).timeline_id::bigint)
                        ELSE ('x' || pg_catalog.substr(pg_catalog.pg_walfile_name(pg_catalog.pg_current_wal_lsn()),
                                                       1, 8))::bit(32)::bigint
                   END,
                   CASE WHEN s.in_recovery THEN pg_catalog.pg_last_wal_replay_lsn()
                        ELSE pg_catalog.pg_current_wal_lsn() END - '0/0'::pg_lsn,
                   pg_catalog.pg_last_wal_receive_lsn() - '0/0'::pg_lsn,
                   CASE WHEN s.in_recovery
                             AND pg_catalog.pg_last_wal_receive_lsn() IS DISTINCT FROM pg_catalog.pg_last_wal_replay_lsn()
                        THEN extract(epoch FROM pg_catalog.now() - pg_catalog.pg_last_xact_replay_timestamp())
                        ELSE 0 END
            FROM (SELECT pg_catalog.pg_is_in_recovery() AS in_recovery OFFSET 0) s""";

    private static final int COLUMNS = 5;

    private HealthQuery() {
    }

    /** The sample in the query's rows; throws {@link IllegalStateException} if they are not what SQL returns. */
    static HealthSample parse(List<List<String>> rows) {
        if (rows.size() != 1 || rows.get(0).size() != COLUMNS) {
            throw new IllegalStateException("unexpected health check result " + rows);
        }
        List<String> row = rows.get(0);
        return new HealthSample("t".equals(row.get(0)), orMinusOne(row.get(1)), orMinusOne(row.get(2)),
                orMinusOne(row.get(3)), seconds(row.get(4)));
    }

    private static long orMinusOne(String number) {
        return number == null ? -1 : new BigDecimal(number).longValueExact();
    }

    /** NULL (no transaction replayed since the replica started) counts as no measurable delay. */
    private static Duration seconds(String seconds) {
        if (seconds == null) {
            return Duration.ZERO;
        }
        BigDecimal micros = new BigDecimal(seconds).movePointRight(6);
        return Duration.ofNanos(Math.max(0, micros.longValue()) * 1000);
    }
}
