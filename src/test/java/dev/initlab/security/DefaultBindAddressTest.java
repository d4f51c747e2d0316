package dev.initlab.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Supplier;

import dev.initlab.support.Accounts;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;

/** Without users InitLab listens on the loopback address only, unless told where to listen. */
class DefaultBindAddressTest {

    @Test
    void withoutUsersOnlyTheLoopbackAddressIsListenedOn() {
        assertThat(addressAfterStart(new MockEnvironment())).isEqualTo("127.0.0.1");
    }

    @Test
    void withUsersTheAddressStaysUnsetSoEveryInterfaceIsListenedOn() {
        MockEnvironment properties = new MockEnvironment()
                .withProperty("initlab.auth.users[0].name", "ada")
                .withProperty("initlab.auth.users[0].password", Accounts.EDITOR_HASH)
                .withProperty("initlab.auth.users[0].role", "editor");

        assertThat(addressAfterStart(properties)).isNull();
    }

    @Test
    void usersFromEnvironmentVariablesCountToo() {
        MockEnvironment environment = new MockEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                "INITLAB_AUTH_USERS_0_NAME", "ada",
                "INITLAB_AUTH_USERS_0_PASSWORD", Accounts.EDITOR_HASH,
                "INITLAB_AUTH_USERS_0_ROLE", "editor")));

        assertThat(addressAfterStart(environment)).isNull();
    }

    @Test
    void anExplicitAddressWinsWithoutUsers() {
        assertThat(addressAfterStart(new MockEnvironment().withProperty("server.address", "0.0.0.0"))).isEqualTo("0.0.0.0");

        MockEnvironment environment = new MockEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of("SERVER_ADDRESS", "192.0.2.7")));
        assertThat(addressAfterStart(environment)).isEqualTo("192.0.2.7");
    }

    private static String addressAfterStart(MockEnvironment environment) {
        new DefaultBindAddress(Supplier::get).postProcessEnvironment(environment, new SpringApplication());
        return environment.getProperty("server.address");
    }
}
