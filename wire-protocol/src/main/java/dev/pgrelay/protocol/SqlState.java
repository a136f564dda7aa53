package dev.pgrelay.protocol;

/**
 * The SQLSTATE codes pgrelay itself reports, spelled as in PostgreSQL's errcodes.txt so clients see
 * the same codes a direct connection would give them.
 */
public final class SqlState {
    public static final String PROTOCOL_VIOLATION = "08P01";
    public static final String CHARACTER_NOT_IN_REPERTOIRE = "22021";
    public static final String CONNECTION_FAILURE = "08006";
    public static final String CONNECTION_EXCEPTION = "08000";
    public static final String INVALID_PASSWORD = "28P01";
    public static final String INVALID_AUTHORIZATION = "28000";
    public static final String INVALID_CATALOG_NAME = "3D000";
    public static final String TOO_MANY_CONNECTIONS = "53300";
    public static final String PROGRAM_LIMIT_EXCEEDED = "54000";
    public static final String FEATURE_NOT_SUPPORTED = "0A000";
    public static final String ADMIN_SHUTDOWN = "57P01";
    public static final String CANNOT_CONNECT_NOW = "57P03";
    public static final String QUERY_CANCELED = "57014";
    public static final String INSUFFICIENT_PRIVILEGE = "42501";
    public static final String ACTIVE_SQL_TRANSACTION = "25001";
    public static final String INTERNAL_ERROR = "XX000";
    public static final String IDLE_IN_TRANSACTION_TIMEOUT = "25P03";
    public static final String OBJECT_NOT_IN_PREREQUISITE_STATE = "55000";

    private SqlState() {
    }
}
