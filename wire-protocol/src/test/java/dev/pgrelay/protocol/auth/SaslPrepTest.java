package dev.pgrelay.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What gets hashed for a password; the secrets PostgreSQL computed are checked in ScramSecretTest. */
class SaslPrepTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "ASCII is left alone, control characters included | a\u0007 b | a\u0007 b",
        "soft hyphen is mapped to nothing | I\u00ADX | IX",
        "no-break space is mapped to a space | a\u00A0\u00e9 | a \u00e9",
        "compatibility characters are NFKC-normalized | \u2168 | IX",
        "decomposed letters are composed | cafe\u0301 | caf\u00e9",
        "right-to-left text alone is fine | \u05D0\u05D1 | \u05D0\u05D1",
    })
    void passwordIsPreparedAsPostgresDoes(String why, String password, String prepared) {
        assertThat(SaslPrep.prepare(password)).isEqualTo(prepared);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "control character next to non-ASCII | x\u0007\u00e9",
        "private use character | \uE000\u00e9",
        "left-to-right and right-to-left mixed | \u05D0a",
        "right-to-left text not ending right-to-left | \u05D01",
        "tone mark prohibited before normalization | a\u0340\u00e9",
        "nothing left after mapping | \u00AD",
        "unassigned code point | \u0378\u00e9",
    })
    void prohibitedPasswordIsHashedUnchanged(String why, String password) {
        assertThat(SaslPrep.prepare(password)).isEqualTo(password);
    }
}
