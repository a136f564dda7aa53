package dev.pgrelay.examples;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The data access code of a small shop, as applications write it: orders in one table, plain JDBC, a
 * connection from the DataSource per operation. It knows nothing of pgrelay — which is the point of the
 * example: the same code survives a failover when the DataSource points at pgrelay.
 */
public final class OrderRepository {

    /** One order; amounts in cents so no rounding ever happens. */
    public record Order(long id, String customer, long totalCents) {
    }

    private final DataSource dataSource;

    public OrderRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void createSchema() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS orders (id bigserial PRIMARY KEY, customer text NOT NULL,"
                    + " total_cents bigint NOT NULL CHECK (total_cents >= 0))");
        } catch (SQLException e) {
            throw new OrderStoreException("could not create the orders table", e);
        }
    }

    public Order place(String customer, long totalCents) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO orders (customer, total_cents) VALUES (?, ?) RETURNING id")) {
            insert.setString(1, customer);
            insert.setLong(2, totalCents);
            try (ResultSet result = insert.executeQuery()) {
                result.next();
                return new Order(result.getLong(1), customer, totalCents);
            }
        } catch (SQLException e) {
            throw new OrderStoreException("could not place an order for " + customer, e);
        }
    }

    public Optional<Order> find(long id) {
        List<Order> found = query("SELECT id, customer, total_cents FROM orders WHERE id = ?", statement -> statement.setLong(1, id));
        return found.stream().findFirst();
    }

    /** The customer's orders, oldest first. */
    public List<Order> forCustomer(String customer) {
        return query("SELECT id, customer, total_cents FROM orders WHERE customer = ? ORDER BY id",
                statement -> statement.setString(1, customer));
    }

    @FunctionalInterface
    private interface Parameters {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private List<Order> query(String sql, Parameters parameters) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            parameters.bind(statement);
            List<Order> orders = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    orders.add(new Order(result.getLong(1), result.getString(2), result.getLong(3)));
                }
            }
            return orders;
        } catch (SQLException e) {
            throw new OrderStoreException("could not read orders", e);
        }
    }
}
