package dev.pgrelay.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Md5PasswordTest {
    private static final byte[] SALT = {1, 2, 3, 4};

    @Test
    void storedSecretIsMd5OfPasswordFollowedByUser() {
        assertThat(Md5Password.storedSecret("postgres", "postgres")).isEqualTo("md53175bce1d3201d16594cebf9d7eb3f9d");
    }

    @Test
    void storedSecretMatchesWhatPostgres15StoredForAnotherUser() {
        // SET password_encryption = 'md5'; CREATE ROLE postgres_md5 PASSWORD 'postgres'
        assertThat(Md5Password.storedSecret("postgres_md5", "postgres"))
                .isEqualTo("md5e8858218fc2ce0e3b860f4c93931d987");
    }

    @Test
    void responseHashesTheSecretsHexDigitsWithTheSalt() {
        // md5(hex(md5("postgrespostgres")) || 01 02 03 04), computed with Python's hashlib
        assertThat(Md5Password.response("postgres", "postgres", SALT)).isEqualTo("md568be9ed08db75f318087ab337aaea044");
    }

    @Test
    void responseNeedsOnlyTheStoredSecret() {
        assertThat(Md5Password.responseFromSecret("md53175bce1d3201d16594cebf9d7eb3f9d", SALT))
                .isEqualTo(Md5Password.response("postgres", "postgres", SALT));
    }

    @Test
    void verifyAcceptsOnlyTheResponseForThisSalt() {
        String secret = Md5Password.storedSecret("alice", "s3cret");
        assertThat(Md5Password.verify(secret, SALT, Md5Password.response("alice", "s3cret", SALT))).isTrue();
        assertThat(Md5Password.verify(secret, SALT, Md5Password.response("alice", "wrong", SALT))).isFalse();
        assertThat(Md5Password.verify(secret, new byte[] {4, 3, 2, 1}, Md5Password.response("alice", "s3cret", SALT)))
                .isFalse();
        assertThat(Md5Password.verify(secret, SALT, "")).isFalse();
    }

    @Test
    void onlyMd5FollowedBy32HexDigitsLooksLikeASecret() {
        assertThat(Md5Password.looksLikeMd5Secret("md53175bce1d3201d16594cebf9d7eb3f9d")).isTrue();
        assertThat(Md5Password.looksLikeMd5Secret("md53175bce1d3201d16594cebf9d7eb3f9")).isFalse();
        assertThat(Md5Password.looksLikeMd5Secret("md53175bce1d3201d16594cebf9d7eb3f9x")).isFalse();
        assertThat(Md5Password.looksLikeMd5Secret("postgres")).isFalse();
        assertThat(Md5Password.looksLikeMd5Secret(null)).isFalse();
    }

    @Test
    void responseFromSomethingThatIsNotASecretIsRefused() {
        assertThatThrownBy(() -> Md5Password.responseFromSecret("postgres", SALT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("postgres");
    }
}
