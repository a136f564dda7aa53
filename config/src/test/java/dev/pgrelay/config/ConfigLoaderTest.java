package dev.pgrelay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path directory;

    @Test
    void loadsAFileAndNamesItInErrors() throws IOException {
        Path good = Files.writeString(directory.resolve("good.yaml"), ConfigTexts.MINIMAL);
        Path bad = Files.writeString(directory.resolve("bad.yaml"), ConfigTexts.MINIMAL + "bogus: 1\n");

        assertThat(ConfigLoader.load(good).nodes()).hasSize(1);
        assertThatThrownBy(() -> ConfigLoader.load(bad))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(bad + ":6: unknown key 'bogus'");
    }

    @Test
    void missingFileIsAConfigExceptionNamingIt() {
        Path missing = directory.resolve("missing.yaml");

        assertThatThrownBy(() -> ConfigLoader.load(missing))
                .isInstanceOf(ConfigException.class)
                .hasMessage(missing + ": no such file");
    }

    @Test
    void aliasBombIsStoppedByTheAliasLimit() {
        StringBuilder yaml = new StringBuilder("a: &a [x]\n");
        for (int i = 0; i < 60; i++) {
            yaml.append("b").append(i).append(": *a\n");
        }

        assertThatThrownBy(() -> ConfigTexts.parse(yaml.toString())).isInstanceOf(ConfigException.class);
    }
}
