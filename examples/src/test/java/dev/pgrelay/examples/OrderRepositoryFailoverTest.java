package dev.pgrelay.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.examples.OrderRepository.Order;
import dev.pgrelay.testkit.PgNode;
import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import dev.pgrelay.testkit.junit.PgRelayTest;
import dev.pgrelay.testkit.junit.WriteProbe;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The shop's repository, unchanged, behind pgrelay while the primary dies and a replica takes over. */
@PgRelayTest(replicas = 1, poolMode = "transaction", lifecycle = PgRelayTest.Lifecycle.PER_METHOD)
class OrderRepositoryFailoverTest {

    @Test
    void ordersPlacedBeforeAndAfterAFailoverAreAllThere(PgRelayEnvironment env) {
        OrderRepository orders = new OrderRepository(env.relayDataSource());
        orders.createSchema();
        Order before = orders.place("ada", 4_200);
        env.cluster().awaitReplicasCaughtUp(Duration.ofSeconds(10));   // replication is asynchronous

        env.failover();   // kill -9 the primary, promote the replica, wait until pgrelay routes writes there

        Order after = orders.place("ada", 1_700);
        assertThat(orders.forCustomer("ada")).containsExactly(before, after);
    }

    @Test
    void theShopKeepsTakingOrdersWhileThePrimaryIsReplaced(PgRelayEnvironment env) {
        OrderRepository orders = new OrderRepository(env.relayDataSource());
        orders.createSchema();
        try (WriteProbe writes = env.startWriteProbe()) {
            PgNode newPrimary = env.failover();

            writes.assertResumedWithin(Duration.ofSeconds(10));
            assertThat(orders.place("grace", 990).customer()).isEqualTo("grace");
            assertThat(env.relayPrimary()).contains(newPrimary);
        }
    }
}
