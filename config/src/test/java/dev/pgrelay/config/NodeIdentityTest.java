package dev.pgrelay.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A node is its name and address; its weight may change on a reload without it becoming another node. */
class NodeIdentityTest {
    private final NodeConfig node = new NodeConfig("replica", "10.0.0.2", 5432, 1);

    @Test
    void aNewWeightKeepsTheSameNode() {
        NodeConfig reweighted = new NodeConfig("replica", "10.0.0.2", 5432, 5);
        assertThat(reweighted).isEqualTo(node).hasSameHashCodeAs(node);
        assertThat(reweighted.weight()).isEqualTo(5);
    }

    @Test
    void anotherNameHostOrPortIsAnotherNode() {
        assertThat(new NodeConfig("other", "10.0.0.2", 5432, 1)).isNotEqualTo(node);
        assertThat(new NodeConfig("replica", "10.0.0.3", 5432, 1)).isNotEqualTo(node);
        assertThat(new NodeConfig("replica", "10.0.0.2", 5433, 1)).isNotEqualTo(node);
    }
}
