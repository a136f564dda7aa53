package dev.pgrelay.proxy.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgrelay.proxy.PgErrorException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The counting behind limits.max_user_clients / max_db_clients (the limits themselves are tested end to end in
 * the integration tests' ClientLimitsTest): a name is counted only while it has clients, under concurrency too.
 */
class ClientLimitsCountTest {
    @Test
    void namesWithoutClientsAreNotKept() {
        ClientLimits limits = new ClientLimits(0, 0);
        List<ClientLimits.Slot> slots = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            slots.add(limits.admit("app", "made_up_" + i));
        }
        assertThat(limits.clientsOfUser("app")).isEqualTo(500);

        slots.forEach(ClientLimits.Slot::release);
        slots.forEach(ClientLimits.Slot::release);   // a second release gives nothing back twice

        assertThat(limits.clientsOfUser("app")).isZero();
        assertThat(limits.countedNames()).isZero();
    }

    @Test
    void aFullDatabaseRefusesWith53300AndGivesTheUsersSlotBack() {
        ClientLimits limits = new ClientLimits(0, 1);
        ClientLimits.Slot first = limits.admit("app", "orders");

        assertThatThrownBy(() -> limits.admit("app", "orders")).isInstanceOfSatisfying(PgErrorException.class,
                e -> assertThat(e.error().sqlState()).isEqualTo("53300"));
        assertThat(limits.clientsOfUser("app")).isEqualTo(1);

        first.release();
        limits.admit("app", "orders").release();
        assertThat(limits.countedNames()).isZero();
    }

    @Test
    void concurrentLoginsAndLogoutsNeverExceedTheLimitAndLeaveNothingCounted() throws Exception {
        int limit = 3;
        ClientLimits limits = new ClientLimits(limit, 0);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> seen = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                seen.add(threads.submit(() -> {
                    int most = 0;
                    for (int i = 0; i < 20_000; i++) {
                        try {
                            ClientLimits.Slot slot = limits.admit("app", "db" + (i % 7));
                            most = Math.max(most, limits.clientsOfUser("app"));
                            slot.release();
                        } catch (PgErrorException full) {
                            assertThat(full.error().sqlState()).isEqualTo("53300");
                        }
                    }
                    return most;
                }));
            }
            for (Future<Integer> most : seen) {
                assertThat(most.get()).isBetween(1, limit);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(limits.countedNames()).isZero();
    }
}
