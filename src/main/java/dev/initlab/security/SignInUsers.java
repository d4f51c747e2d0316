package dev.initlab.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The configured users, for the pages' form sign-in and the API's HTTP Basic alike. Declaring the
 * user store, even an empty one, also keeps Spring Boot from inventing a user with a generated password.
 */
@Configuration(proxyBeanMethods = false)
class SignInUsers {

    /** Reads the {@code {bcrypt}} prefix of each stored hash, so a later encoder can be added beside it. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService userDetailsService(AuthProperties auth) {
        return new InMemoryUserDetailsManager(auth.users().stream()
                .map(user -> User.withUsername(user.name())
                        .password(user.password())
                        .roles(Role.named(user.role()).grantedRoles())
                        .build())
                .toList());
    }

    @Bean
    AccessRules accessRules(AuthProperties auth) {
        return new AccessRules(auth);
    }
}
