package dev.pgrelay.testkit;

import java.nio.file.Path;

/** What every node of one cluster shares: binaries, OS user, directory, credentials and config writer. */
record ClusterContext(PgBinaries binaries, ServerOsUser osUser, Path directory, String user, String password,
                      ServerConfigFiles configFiles) {

    /** A libpq connection string to {@code node} as the cluster user, without the password (it goes in PGPASSWORD). */
    String conninfo(PgNode node, String applicationName) {
        return "host=" + node.host() + " port=" + node.port() + " user=" + quoteConninfo(user)
                + " application_name=" + quoteConninfo(applicationName);
    }

    /** {@link #conninfo} with the password, for a standby's primary_conninfo, which has no environment to read. */
    String conninfoWithPassword(PgNode node, String applicationName) {
        return conninfo(node, applicationName) + " password=" + quoteConninfo(password);
    }

    private static String quoteConninfo(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    @Override
    public String toString() {
        // Never print the password (STYLE.md 14).
        return "cluster in " + directory + " (user " + user + ", " + binaries + ")";
    }
}
