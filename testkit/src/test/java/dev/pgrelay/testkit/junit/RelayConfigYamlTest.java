package dev.pgrelay.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RelayConfigYamlTest {

    private static final String GENERATED = """
            listen: 127.0.0.1:0
            nodes:
              - { host: 127.0.0.1, port: 5432 }
            pool: { mode: session, size: 10 }
            """;

    @Test
    void emptyTestYamlLeavesTheGeneratedConfigAsItIs() {
        assertThat(RelayConfigYaml.merge(GENERATED, "")).isEqualTo(GENERATED);
    }

    @Test
    void newTopLevelKeysAreAppended() {
        assertThat(RelayConfigYaml.merge(GENERATED, "limits:\n  max_message_size: 1MB\n"))
                .isEqualTo(GENERATED + "limits:\n  max_message_size: 1MB\n");
    }

    @Test
    void aTopLevelKeyOfTheGeneratedConfigReplacesItsWholeBlockInPlace() {
        String merged = RelayConfigYaml.merge(GENERATED, "nodes:\n- { host: 10.0.0.1, port: 6000 }\n# only one\n");

        assertThat(merged).isEqualTo("""
                listen: 127.0.0.1:0
                nodes:
                - { host: 10.0.0.1, port: 6000 }
                # only one
                pool: { mode: session, size: 10 }
                """);
    }

    @Test
    void replacingAndAppendingMixInOneTestYaml() {
        String merged = RelayConfigYaml.merge(GENERATED, """
                routing:
                  read_write_split: true
                pool:
                  mode: transaction
                  size: 2
                """);

        assertThat(merged).isEqualTo("""
                listen: 127.0.0.1:0
                nodes:
                  - { host: 127.0.0.1, port: 5432 }
                pool:
                  mode: transaction
                  size: 2
                routing:
                  read_write_split: true
                """);
    }
}
