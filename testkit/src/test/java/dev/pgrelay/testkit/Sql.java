package dev.pgrelay.testkit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Runs one SQL statement on one node, so tests say what they check instead of how JDBC works. */
final class Sql {

    private Sql() {
    }

    static void execute(PgNode node, String database, String sql) throws SQLException {
        try (Connection connection = node.connect(database); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The first column of every row, as text. */
    static List<String> column(PgNode node, String database, String sql) throws SQLException {
        try (Connection connection = node.connect(database); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (result.next()) {
                values.add(result.getString(1));
            }
            return values;
        }
    }

    /** The pid of the node's postmaster; the node must be running. */
    static ProcessHandle postmasterOf(PgNode node) {
        return Postmaster.find(node.dataDir()).orElseThrow(() -> new AssertionError(node + " is not running"));
    }
}
