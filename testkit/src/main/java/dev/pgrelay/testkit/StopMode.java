package dev.pgrelay.testkit;

/** How {@link PgNode#stop(StopMode)} shuts a server down, as {@code pg_ctl stop -m} names it. */
public enum StopMode {
    /** Roll back open transactions, disconnect clients, checkpoint, exit: a clean shutdown. */
    FAST("fast"),
    /** Exit at once without a checkpoint; the next start runs crash recovery. */
    IMMEDIATE("immediate");

    private final String pgCtlName;

    StopMode(String pgCtlName) {
        this.pgCtlName = pgCtlName;
    }

    String pgCtlName() {
        return pgCtlName;
    }
}
