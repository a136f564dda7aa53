package dev.pgrelay.proxy.admin;

import dev.pgrelay.proxy.RelayContext;
import dev.pgrelay.proxy.client.ClientTracker;
import dev.pgrelay.proxy.ledger.AvailabilityLedger;
import dev.pgrelay.proxy.metrics.RelayMetrics;
import java.time.Instant;

/** Everything the console reads to answer SHOW commands. */
public record AdminSources(RelayContext relay, ClientTracker clients, RelayMetrics metrics, AvailabilityLedger ledger,
                           Instant startedAt) {
}
