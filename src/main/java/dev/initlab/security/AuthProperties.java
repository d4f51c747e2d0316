package dev.initlab.security;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may sign in. With no users, InitLab asks nobody to sign in and listens on 127.0.0.1 only
 * ({@link DefaultBindAddress}); with users, pages need a signed-in viewer and changes an editor.
 *
 * @param users      each with a name, a password in Spring's encoded form ({@code {bcrypt}$2a$10$…})
 *                   and a role, {@code viewer} or {@code editor}
 * @param publicRead anyone may read pages and API answers without signing in; changes still need an editor
 */
@ConfigurationProperties("initlab.auth")
public record AuthProperties(List<User> users, boolean publicRead) {

    /** A bcrypt hash as Spring's DelegatingPasswordEncoder stores it; {@code $2y$} is what htpasswd writes. */
    private static final Pattern BCRYPT = Pattern.compile("\\{bcrypt}\\$2[aby]?\\$\\d\\d\\$[./0-9A-Za-z]{53}");

    /** One account, as configured: {@code initlab.auth.users[0].name}, or {@code INITLAB_AUTH_USERS_0_NAME}. */
    public record User(String name, String password, String role) {
    }

    public AuthProperties {
        users = users == null ? List.of() : List.copyOf(users);
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < users.size(); i++) {
            User user = users.get(i);
            String at = "initlab.auth.users[" + i + "]";
            if (user.name() == null || user.name().isBlank()) {
                problems.add(at + ".name is blank: every user needs a name to sign in with");
            } else if (!names.add(user.name())) {
                problems.add(at + ".name '" + user.name() + "' is configured twice");
            }
            if (Role.named(user.role()) == null) {
                problems.add(at + ".role is '" + (user.role() == null ? "" : user.role()) + "'; it must be one of "
                        + String.join(", ", Role.configNames()));
            }
            if (user.password() == null || !BCRYPT.matcher(user.password()).matches()) {
                problems.add(at + ".password must be a bcrypt hash in Spring's encoded form, {bcrypt}$2a$10$… "
                        + "(53 characters after the cost), never the password itself; README, Sign-in, shows how to make one");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Sign-in is misconfigured:\n  " + String.join("\n  ", problems));
        }
    }

    /** With no users configured nobody signs in and everything is open, as on a developer's own machine. */
    public boolean signInRequired() {
        return !users.isEmpty();
    }
}
