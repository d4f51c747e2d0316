package dev.initlab.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The configured users, for the pages' form sign-in and the API's HTTP Basic alike, behind one throttle of
 * wrong passwords. Declaring the sign-in, even with no users, also keeps Spring Boot from inventing a user
 * with a generated password.
 */
@Configuration(proxyBeanMethods = false)
class SignInUsers {

    /** Reads the {@code {bcrypt}} prefix of each stored hash, so a later encoder can be added beside it. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    AuthenticationProvider signIn(AuthProperties auth, PasswordEncoder passwordEncoder, SignInThrottleProperties throttle) {
        UserDetailsService users = new InMemoryUserDetailsManager(auth.users().stream()
                .map(user -> User.withUsername(user.name())
                        .password(user.password())
                        .roles(Role.named(user.role()).grantedRoles())
                        .build())
                .toList());
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(users);
        passwords.setPasswordEncoder(passwordEncoder);
        return new ThrottledSignIn(passwords, new SignInFailures(throttle));
    }

    @Bean
    AccessRules accessRules(AuthProperties auth) {
        return new AccessRules(auth);
    }
}
