package dev.pgrelay.proxy.sql;

/** Why a statement leaves state on its server connection that pgrelay cannot carry to another connection. */
public enum PinReason {
    /** LISTEN: notifications arrive on the connection that listens. */
    LISTEN,
    /** A session-level advisory lock (pg_advisory_lock and friends, not the _xact_ ones) is held until unlocked. */
    ADVISORY_LOCK,
    /** A temporary table, sequence, view or other object in pg_temp lives as long as the connection. */
    TEMP_OBJECT,
    /** DECLARE … WITH HOLD: the cursor outlives its transaction. */
    HOLD_CURSOR,
    /** PREPARE: pgrelay keeps SQL-level prepared statements on the connection that prepared them. */
    SQL_PREPARE,
    /** A setting changed in a way pgrelay cannot replay faithfully (set_config, SET … FROM CURRENT, …). */
    UNTRACKED_SET,
    /** SET ROLE, SET SESSION AUTHORIZATION, RESET ROLE: the connection acts as another role. */
    SESSION_AUTHORIZATION,
    /** LOAD: a shared library is loaded into the server process. */
    LOAD
}
