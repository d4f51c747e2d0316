package dev.initlab.security;

import java.security.Principal;
import java.util.List;

import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.core.Authentication;

/**
 * Who may do what, the same for pages and API: with no users everyone may do everything (the loopback
 * address is the protection); otherwise reading needs a viewer, unless reading is public, and
 * everything else (submitting, adding seeds, cancelling: any POST, PUT or DELETE) needs an editor.
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
     * Applies the rules to every request not matched before; {@code editorsOnly}: paths that are read
     * with GET but exist only to change something (the new-experiment form).
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
            readers(requests.requestMatchers(read));
        }
        requests.anyRequest().hasRole(EDITOR);
    }

    /** Lets through whoever may read: anyone where nobody signs in or reading is public, else a viewer (an editor is one too). */
    public void readers(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizedUrl matched) {
        if (!auth.signInRequired() || auth.publicRead()) {
            matched.permitAll();
        } else {
            matched.hasRole(VIEWER);
        }
    }

    /**
     * Whether this reader may change things (submit, cancel, add seeds): anyone where nobody signs in, else an
     * editor. Pages show their forms for changes only to those who may send them.
     */
    public boolean mayChange(Principal principal) {
        if (!auth.signInRequired()) {
            return true;
        }
        return principal instanceof Authentication authentication && authentication.isAuthenticated()
                && authentication.getAuthorities().stream()
                        .anyMatch(authority -> ("ROLE_" + EDITOR).equals(authority.getAuthority()));
    }

    /** Reads change nothing: GET and HEAD. */
    public static boolean isRead(String method) {
        return READS.stream().anyMatch(read -> read.matches(method));
    }
}
