package dev.initlab.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.initlab.support.Accounts;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Users come from configuration or environment variables, and a mistake in them stops the start with its reason. */
class AuthPropertiesTest {

    @Test
    void environmentVariablesBindToUsersByIndex() {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("INITLAB_AUTH_USERS_0_NAME", "ada");
        variables.put("INITLAB_AUTH_USERS_0_PASSWORD", Accounts.EDITOR_HASH);
        variables.put("INITLAB_AUTH_USERS_0_ROLE", "editor");
        variables.put("INITLAB_AUTH_USERS_1_NAME", "vera");
        variables.put("INITLAB_AUTH_USERS_1_PASSWORD", Accounts.VIEWER_HASH);
        variables.put("INITLAB_AUTH_USERS_1_ROLE", "viewer");
        variables.put("INITLAB_AUTH_PUBLIC_READ", "true");

        AuthProperties auth = fromEnvironment(variables);

        assertThat(auth.users()).containsExactly(
                new AuthProperties.User("ada", Accounts.EDITOR_HASH, "editor"),
                new AuthProperties.User("vera", Accounts.VIEWER_HASH, "viewer"));
        assertThat(auth.publicRead()).isTrue();
        assertThat(auth.signInRequired()).isTrue();
    }

    @Test
    void noUsersMeansNoSignIn() {
        AuthProperties auth = bind(Map.of());

        assertThat(auth.users()).isEmpty();
        assertThat(auth.signInRequired()).isFalse();
        assertThat(auth.publicRead()).isFalse();
    }

    @Test
    void unknownRoleStopsTheStartNamingTheSettingAndTheRoles() {
        assertThatThrownBy(() -> fromEnvironment(Map.of(
                "INITLAB_AUTH_USERS_0_NAME", "ada",
                "INITLAB_AUTH_USERS_0_PASSWORD", Accounts.EDITOR_HASH,
                "INITLAB_AUTH_USERS_0_ROLE", "admin")))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessageContaining("initlab.auth.users[0].role is 'admin'; it must be one of viewer, editor");
    }

    @Test
    void blankNameStopsTheStart() {
        assertThatThrownBy(() -> new AuthProperties(List.of(new AuthProperties.User(" ", Accounts.EDITOR_HASH, "editor")),
                false))
                .hasMessageContaining("initlab.auth.users[0].name is blank");
    }

    @Test
    void passwordThatIsNotABcryptHashStopsTheStartWithoutEchoingIt() {
        for (String password : List.of("ada-password", "{noop}ada-password", "{bcrypt}not-a-hash",
                "$2a$04$HTiVGERE4/r8Aw0JkioQ5.FX6Wap7hESmy3//r/9UpvUM.OKwlr4O")) {
            assertThatThrownBy(() -> new AuthProperties(List.of(new AuthProperties.User("ada", password, "editor")), false))
                    .as(password)
                    .hasMessageContaining("initlab.auth.users[0].password must be a bcrypt hash in Spring's encoded form")
                    .hasMessageNotContaining(password);
        }
    }

    @Test
    void everyMistakeIsListedAtOnce() {
        assertThatThrownBy(() -> new AuthProperties(List.of(
                new AuthProperties.User("ada", Accounts.EDITOR_HASH, "editor"),
                new AuthProperties.User("ada", "plain", "owner")), false))
                .hasMessageContaining("initlab.auth.users[1].name 'ada' is configured twice")
                .hasMessageContaining("initlab.auth.users[1].role is 'owner'")
                .hasMessageContaining("initlab.auth.users[1].password must be");
    }

    @Test
    void htpasswdsBcryptVariantIsAcceptedAndChecked() {
        String hash = "{bcrypt}" + new BCryptPasswordEncoder(BCryptPasswordEncoder.BCryptVersion.$2Y, 4).encode("s3cret");
        PasswordEncoder encoder = new SignInUsers().passwordEncoder();

        AuthProperties auth = new AuthProperties(List.of(new AuthProperties.User("ada", hash, "Editor")), false);

        assertThat(hash).startsWith("{bcrypt}$2y$04$");
        assertThat(encoder.matches("s3cret", auth.users().get(0).password())).isTrue();
        assertThat(encoder.matches("other", auth.users().get(0).password())).isFalse();
        assertThat(Role.named(auth.users().get(0).role())).isEqualTo(Role.EDITOR);
    }

    private static AuthProperties fromEnvironment(Map<String, Object> variables) {
        SystemEnvironmentPropertySource environment = new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables);
        return new Binder(ConfigurationPropertySources.from(environment)).bindOrCreate("initlab.auth", AuthProperties.class);
    }

    private static AuthProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("initlab.auth", AuthProperties.class);
    }
}
