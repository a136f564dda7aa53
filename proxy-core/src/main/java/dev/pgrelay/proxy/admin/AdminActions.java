package dev.pgrelay.proxy.admin;

import java.util.concurrent.CompletableFuture;

/** What the console's commands do to the running pgrelay; PgRelay implements it. */
public interface AdminActions {

    /** PAUSE: completes once every running transaction has finished; fails if RESUME comes first. */
    CompletableFuture<Void> pause();

    /** PAUSE db: as {@link #pause()}, for the clients of one database; the others keep working. */
    CompletableFuture<Void> pause(String database);

    /** RESUME. */
    void resume();

    /** RESUME db. */
    void resume(String database);

    /**
     * RELOAD: re-reads the configuration and applies it live. Returns what could not be applied without a restart
     * (empty when everything was); throws with the reason when the file is invalid, keeping the running config.
     */
    String reload();

    /** SHUTDOWN: begins a graceful stop (as SIGTERM) and returns at once. */
    void shutdown();
}
