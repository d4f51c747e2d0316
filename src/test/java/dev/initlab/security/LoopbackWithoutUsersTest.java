package dev.initlab.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.initlab.support.IntegrationTest;
import org.junit.jupiter.api.Test;

/** With no users configured, nobody is asked to sign in, so only this machine can reach InitLab. */
class LoopbackWithoutUsersTest extends IntegrationTest {

    @Test
    void withoutUsersTheServerListensOnTheLoopbackAddressOnly() {
        assertThat(listeningAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void withoutUsersEveryoneMayReadAndChangeWithoutSigningIn() {
        assertThat(get("/").statusCode()).isEqualTo(200);
        assertThat(get("/experiments/new").statusCode()).isEqualTo(200);
        assertThat(postJson("/api/experiments", """
                {"dataset": "synthetic", "variants": [{"name": "one-init", "bn2Gamma": 1}]}""").statusCode()).isEqualTo(201);
    }
}
