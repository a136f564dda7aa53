package dev.pgrelay.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** An enum constant's spelling in the YAML file; one lookup then serves every enum-valued setting. */
public interface ConfigName {
    /** Implemented by every enum. */
    String name();

    /**
     * The value as written in the config file. By default the constant's name in lower case with '-' for '_'
     * ({@code SCRAM_SHA_256} → {@code scram-sha-256}, {@code VERIFY_CA} → {@code verify-ca}), as PostgreSQL spells them.
     */
    default String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @throws IllegalArgumentException listing the accepted spellings */
    static <E extends Enum<E> & ConfigName> E parse(Class<E> type, String text) {
        E[] constants = type.getEnumConstants();
        return Arrays.stream(constants)
                .filter(constant -> constant.configName().equals(text.trim()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("expected one of "
                        + Arrays.stream(constants).map(ConfigName::configName).collect(Collectors.joining(", "))
                        + "; got '" + text + "'"));
    }
}
