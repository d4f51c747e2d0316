package dev.initlab.security;

import java.util.List;

import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * Who may do what, the same for pages and API: with no users everyone may do everything (the loopback
 * address is the protection); otherwise reading needs a viewer, unless reading is public, and
 * everything else (submitting, cancelling: any POST, PUT or DELETE) needs an editor.
 */
public final class AccessRules {

    private static final List<HttpMethod> READS = List.of(HttpMethod.GET, HttpMethod.HEAD);
    private static final String VIEWER = Role.VIEWER.name();
    private static final String EDITOR = Role.EDITOR.name();

    private final AuthProperties auth;

    AccessRules(AuthProperties auth) {
        this.auth = auth;
    }

    public boolean signInRequired() {
        return auth.signInRequired();
    }

    /**
     * Applies the rules, after {@code editorsOnly}: paths that are read with GET but exist only to change
     * something (the new-experiment form).
     */
    public void authorize(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests,
                          String... editorsOnly) {
        if (!auth.signInRequired()) {
            requests.anyRequest().permitAll();
            return;
        }
        if (editorsOnly.length > 0) {
            requests.requestMatchers(editorsOnly).hasRole(EDITOR);
        }
        for (HttpMethod read : READS) {
            if (auth.publicRead()) {
                requests.requestMatchers(read).permitAll();
            } else {
                requests.requestMatchers(read).hasRole(VIEWER);
            }
        }
        requests.anyRequest().hasRole(EDITOR);
    }

    /** Reads change nothing: GET and HEAD. */
    public static boolean isRead(String method) {
        return READS.stream().anyMatch(read -> read.matches(method));
    }
}
