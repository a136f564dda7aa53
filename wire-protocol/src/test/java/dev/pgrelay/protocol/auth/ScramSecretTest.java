package dev.pgrelay.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ScramSecretTest {
    private static final String POSTGRES_SECRET_OF_SECRET = "SCRAM-SHA-256$4096:rwPurTBkie6QSFaikwQgLg=="
            + "$bsxaAyghHfF9no8w16iWoCD/fdlj9aFORymrrdDuMMg=:aOvKv3M+sBA6s9U1lYkMe5zcx4I5QioiV6Rr2uf/xq0=";

    @Test
    void secretOfTheRfcPasswordHasTheRfcKeys() {
        ScramSecret secret = Rfc7677.secret();
        assertThat(Base64.getEncoder().encodeToString(secret.storedKey())).isEqualTo(Rfc7677.STORED_KEY);
        assertThat(Base64.getEncoder().encodeToString(secret.serverKey())).isEqualTo(Rfc7677.SERVER_KEY);
        assertThat(secret.iterations()).isEqualTo(4096);
        assertThat(secret.salt()).isEqualTo(Rfc7677.SALT);
    }

    @Test
    void postgresSecretParsesAndPrintsBackUnchanged() {
        ScramSecret secret = ScramSecret.parse(POSTGRES_SECRET_OF_SECRET);
        assertThat(secret.iterations()).isEqualTo(4096);
        assertThat(secret).hasToString(POSTGRES_SECRET_OF_SECRET);
    }

    @Test
    void secretComputedFromThePasswordEqualsWhatPostgres15Stored() {
        ScramSecret stored = ScramSecret.parse(POSTGRES_SECRET_OF_SECRET);
        assertThat(ScramSecret.fromPassword("secret", stored.salt(), stored.iterations())).isEqualTo(stored);
    }

    /**
     * Secrets PostgreSQL 15 stored for non-ASCII passwords: each exercises a step of SASLprep, and a
     * password SASLprep prohibits is hashed as it is.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "soft hyphen is mapped to nothing | I\u00ADX | SCRAM-SHA-256$4096:lxhe47SQb99hsNgYY2NbiQ==$0iqJqmIJ8AqaQJbRcbBwOXJen1CqmCucvR9vrOGgCyU=:TjuNKLq0C7I6Ab3i7x+QsGBDMrgb2NLjM4WhmxDu/OQ=",
        "NFKC turns roman nine into IX | \u2168 | SCRAM-SHA-256$4096:SvJll4W/85OoMFEKz4RG6Q==$rZkH3SW3qqdFjmRhYN0HtHj+ZUQHfS1CfA/Gq5Olc+U=:aMNJUsqlRyVe8Eji7Inll7STZat1p06XoyyrXIjxKNA=",
        "precomposed letter | caf\u00e9 | SCRAM-SHA-256$4096:mP/nbaLJ67WunRNmxgr+ZA==$5UJ4xS+iRNMroB0CaYST1RYp4CqsUX0OMZ14v2QQAt8=:HfPPR5XioGQIPwZyTRcCDaNda8yQTbnZxWdqmkbvIgI=",
        "no-break space becomes a space | \u00A0pw\u00e9 | SCRAM-SHA-256$4096:PQjxvUySg73u5ufRB/hL5A==$sU3/ZeyGW+pfE1nfw1jO8ocUw3gk8cvurt9NipijWJk=:Snx+U1ZuTZcvR6/4yFR0vv5fbWdeVJFnVmWU62NsFas=",
        "right-to-left only | \u05D0\u05D1 | SCRAM-SHA-256$4096:gFTC5WnqdB+Q8oYdnwS+Xw==$oOv7WmZL1fIp1itvDCzwhDAqLiNx9G4kRo+LhjWFpB4=:kGNkJL1YzfdXiuhDavShDie6mrEAt5HfF3ryp4As29I=",
        "mixed directions are prohibited | \u05D0a | SCRAM-SHA-256$4096:XXZEsv2eaceFZhzB+uQnMQ==$/J8XeZnA06jEhDBVMsX0mkDOnlLbenPcpY+F8dQZ/l0=:neyiME/I/NmGi1DOeHBmBitpBBPqXY+dY7DszDwQASY=",
        "control character is prohibited | x\u0007\u00e9 | SCRAM-SHA-256$4096:eF+woIi5qyAgzJjNZJA4Dw==$thm+JgKMOYd2+8oK316EdZ8nzJ9C5ns5OSNvnBun7Ww=:+nrXMMSa61TLsQy6hwgsOoWxcRH5yxmY0p7OvOzTUaQ=",
        "prohibited before NFKC though not after | a\u0340\u00e9 | SCRAM-SHA-256$4096:ddRePplagQ86fZsAxYZbGA==$1mf9GQxtuMGjhOoqm0eketbEJD/4ADScXzV/l2i9suw=:jAPf0hwm3Mq2UHucXhkzKKC5fuHQZW5+mS9eQLQvQzY=",
        "nothing left after mapping | \u00AD | SCRAM-SHA-256$4096:kdbjd9S60HIqoC0+XIpxbg==$83PfZDkQIg5zvEEIIjGJxrs54ONsnr4G59xcGJlYbZo=:ByZtw0rbn91VhVShA4xJLDxRkiebKDYf/lHt5shh0K4=",
    })
    void secretOfANonAsciiPasswordEqualsWhatPostgres15Stored(String why, String password, String postgresSecret) {
        ScramSecret stored = ScramSecret.parse(postgresSecret);
        assertThat(ScramSecret.fromPassword(password, stored.salt(), stored.iterations())).isEqualTo(stored);
    }

    @Test
    void secretWithoutSaltGetsAFreshSaltAndPostgresDefaultIterations() {
        ScramSecret first = ScramSecret.fromPassword("secret");
        ScramSecret second = ScramSecret.fromPassword("secret");
        assertThat(first.iterations()).isEqualTo(4096);
        assertThat(first.salt()).hasSize(16).isNotEqualTo(second.salt());
        assertThat(ScramSecret.parse(first.toString())).isEqualTo(first);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "md53175bce1d3201d16594cebf9d7eb3f9d",
        "secret",
        "SCRAM-SHA-256$4096:c2FsdA==$c2hvcnQ=:c2hvcnQ=",
        "SCRAM-SHA-256$0:rwPurTBkie6QSFaikwQgLg==$bsxaAyghHfF9no8w16iWoCD/fdlj9aFORymrrdDuMMg=:"
                + "aOvKv3M+sBA6s9U1lYkMe5zcx4I5QioiV6Rr2uf/xq0=",
        "SCRAM-SHA-256$99999999999:rwPurTBkie6QSFaikwQgLg==$bsxaAyghHfF9no8w16iWoCD/fdlj9aFORymrrdDuMMg=:"
                + "aOvKv3M+sBA6s9U1lYkMe5zcx4I5QioiV6Rr2uf/xq0=",
        "SCRAM-SHA-256$4096:r!Pu$bsxaAyghHfF9no8w16iWoCD/fdlj9aFORymrrdDuMMg=:"
                + "aOvKv3M+sBA6s9U1lYkMe5zcx4I5QioiV6Rr2uf/xq0=",
    })
    void textThatIsNotACompleteScramSecretIsRefused(String text) {
        assertThat(ScramSecret.looksLikeScramSecret(text)).isFalse();
        assertThatThrownBy(() -> ScramSecret.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void postgresSecretLooksLikeOne() {
        assertThat(ScramSecret.looksLikeScramSecret(POSTGRES_SECRET_OF_SECRET)).isTrue();
        assertThat(ScramSecret.looksLikeScramSecret(null)).isFalse();
    }

    @Test
    void accessorsHandOutCopiesSoTheSecretCannotBeChanged() {
        ScramSecret secret = ScramSecret.parse(POSTGRES_SECRET_OF_SECRET);
        secret.storedKey()[0] ^= 1;
        secret.salt()[0] ^= 1;
        assertThat(secret).hasToString(POSTGRES_SECRET_OF_SECRET);
    }
}
