package dev.initlab.api;

import java.io.IOException;

import dev.initlab.security.AccessRules;
import dev.initlab.security.SignInThrottledException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * How the REST API knows its callers: HTTP Basic on each call (what {@code curl -u} and {@code requests}'
 * {@code auth=} send). It creates no session and never takes a session cookie for a change, so no page
 * on another site can make it do anything in a signed-in user's name, and it needs no CSRF token. Reads
 * also accept a signed-in page's session, because the experiment and compare pages draw their charts from
 * the API and the form asks it for estimates. A change a website could have sent is refused before anyone
 * is asked to sign in ({@link ForgeableChanges}). 401, 403 and 429 (too many wrong passwords) are
 * problem+json; the 401 asks for Basic credentials.
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurity {

    private static final String REALM = "InitLab";

    /**
     * Asked with POST, but questions that change nothing: how long a spec would take. Whoever may read
     * may ask, a page's own script too (the form's live estimate), with its session.
     */
    private static final RequestMatcher QUESTIONS = PathPatternRequestMatcher.pathPattern(HttpMethod.POST, "/api/estimates");

    /** Ordered before the pages' chain, which takes every path this one does not. */
    @Bean
    @Order(1)
    SecurityFilterChain apiFilterChain(HttpSecurity http, AccessRules access) throws Exception {
        http.securityMatcher("/api/**")
                .authorizeHttpRequests(requests -> {
                    access.readers(requests.requestMatchers(QUESTIONS));
                    access.authorize(requests);
                })
                .addFilterBefore(new ForgeableChanges(), BasicAuthenticationFilter.class)
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(context -> context.securityContextRepository(new DelegatingSecurityContextRepository(
                        new RequestAttributeSecurityContextRepository(), new PageSessionForReads())))
                .requestCache(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(ApiSecurity::signInRequired)
                        .accessDeniedHandler(ApiSecurity::notAllowed));
        if (access.signInRequired()) {
            http.httpBasic(basic -> basic.realmName(REALM).authenticationEntryPoint(ApiSecurity::signInRequired));
        }
        return http.build();
    }

    /**
     * Asks for Basic credentials, except from a page's own script (a browser marks its fetches
     * {@code Sec-Fetch-Dest: empty}): there the challenge would open the browser's sign-in box over the page.
     */
    private static void signInRequired(HttpServletRequest request, HttpServletResponse response,
                                       AuthenticationException e) throws IOException {
        if (e instanceof SignInThrottledException throttled) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(throttled.retryAfterSeconds()));
            ProblemResponses.write(response, HttpStatus.TOO_MANY_REQUESTS.value(), "Too many wrong passwords for this "
                    + "name or from this address: sign-in is refused for " + throttled.retryAfterSeconds()
                    + " s, whatever the password.", request.getRequestURI());
            return;
        }
        if (!"empty".equals(request.getHeader("Sec-Fetch-Dest"))) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\"");
        }
        ProblemResponses.write(response, HttpStatus.UNAUTHORIZED.value(), e instanceof BadCredentialsException
                ? "That name and password do not match an account."
                : "This needs an account: send its name and password with HTTP Basic (curl -u name:password, "
                  + "or requests' auth=(name, password)).", request.getRequestURI());
    }

    private static void notAllowed(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        ProblemResponses.write(response, HttpStatus.FORBIDDEN.value(),
                "This account can read but not change anything: submitting, adding seeds and cancelling need an editor.",
                request.getRequestURI());
    }

    /** A signed-in page's session, read for GET, HEAD and questions only, and never written or created. */
    private static final class PageSessionForReads extends HttpSessionSecurityContextRepository {

        private static final DeferredSecurityContext NONE = new DeferredSecurityContext() {
            @Override
            public SecurityContext get() {
                return SecurityContextHolder.createEmptyContext();
            }

            @Override
            public boolean isGenerated() {
                return true;
            }
        };

        PageSessionForReads() {
            setAllowSessionCreation(false);
        }

        @Override
        public DeferredSecurityContext loadDeferredContext(HttpServletRequest request) {
            return isRead(request) ? super.loadDeferredContext(request) : NONE;
        }

        @Override
        public boolean containsContext(HttpServletRequest request) {
            return isRead(request) && super.containsContext(request);
        }

        @Override
        public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
            // the API never writes a session
        }

        private static boolean isRead(HttpServletRequest request) {
            return AccessRules.isRead(request.getMethod()) || QUESTIONS.matches(request);
        }
    }
}
