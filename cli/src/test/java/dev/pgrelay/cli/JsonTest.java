package dev.pgrelay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writesNestedMapsListsNumbersAndEscapedStrings() {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("name", "node0");
        node.put("port", 5432);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("dsn", "password=\"s\\ecret\"\n");
        root.put("replicas", List.of(node));
        root.put("paused", false);

        assertThat(Json.write(root)).isEqualTo(
                "{\"dsn\":\"password=\\\"s\\\\ecret\\\"\\n\",\"replicas\":[{\"name\":\"node0\",\"port\":5432}],\"paused\":false}");
    }
}
