package dev.initlab.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import dev.initlab.security.AccessRules;
import dev.initlab.security.SignInThrottledException;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;

/**
 * The pages: CSRF tokens on every form, taken from the form or a header but never from the address (where
 * it would leak into logs and Referer headers), and safe headers always; with users configured, a sign-in
 * form whose session cookie carries the user from page to page. The API has its own chain
 * ({@code dev.initlab.api.ApiSecurity}) that never takes that cookie for a change.
 */
@Configuration(proxyBeanMethods = false)
class WebSecurity {

    static final String SIGN_IN = "/sign-in";
    static final String SIGN_OUT = "/sign-out";
    /** Scripts, styles and everything else from the app's own files only: no inline script or style attribute. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; object-src 'none';"
            + " base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    /** Swagger UI's bundle adds a style element of its own; its scripts are held as tightly as the pages'. */
    static final String SWAGGER_UI_POLICY = CONTENT_SECURITY_POLICY + "; style-src 'self' 'unsafe-inline'";
    /** The sign-in page's parameter saying how many seconds sign-in stays refused after too many wrong passwords. */
    static final String THROTTLED = "throttled";

    private static final RedirectStrategy REDIRECT = new DefaultRedirectStrategy();

    @Bean
    SecurityFilterChain pageFilterChain(HttpSecurity http, AccessRules access) throws Exception {
        http.authorizeHttpRequests(requests -> {
            // the original request was checked; its error page and its live stream's async dispatches need no second check
            requests.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                    .requestMatchers("/css/**", "/js/**", "/webjars/**", "/favicon.ico", "/actuator/health", SIGN_IN)
                    .permitAll();
            access.authorize(requests, "/experiments/new");
        });
        http.headers(headers -> headers.addHeaderWriter((request, response) -> response.setHeader("Content-Security-Policy",
                        request.getRequestURI().startsWith("/swagger-ui/") ? SWAGGER_UI_POLICY : CONTENT_SECURITY_POLICY))
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)));
        http.csrf(csrf -> csrf.csrfTokenRequestHandler(new TokenNotFromTheAddress()));
        if (access.signInRequired()) {
            // a path, not a URL: the browser stays on the host it asked
            LoginUrlAuthenticationEntryPoint signIn = new LoginUrlAuthenticationEntryPoint(SIGN_IN);
            signIn.setFavorRelativeUris(true);
            http.formLogin(form -> form.loginPage(SIGN_IN).permitAll().failureHandler((request, response, e) ->
                            REDIRECT.sendRedirect(request, response, e instanceof SignInThrottledException throttled
                                    ? SIGN_IN + "?" + THROTTLED + "=" + throttled.retryAfterSeconds()
                                    : SIGN_IN + "?error")))
                    .exceptionHandling(errors -> errors.authenticationEntryPoint(signIn))
                    .logout(logout -> logout.logoutUrl(SIGN_OUT).logoutSuccessUrl(SIGN_IN + "?signed-out"));
        }
        return http.build();
    }

    /** Spring's masked token, read from a header or the form's body; a token in the query string is no token. */
    private static final class TokenNotFromTheAddress implements CsrfTokenRequestHandler {

        private final XorCsrfTokenRequestAttributeHandler masked = new XorCsrfTokenRequestAttributeHandler();

        @Override
        public void handle(HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> token) {
            masked.handle(request, response, token);
        }

        @Override
        public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken token) {
            if (inQueryString(request.getQueryString(), token.getParameterName())) {
                return null;
            }
            return masked.resolveCsrfTokenValue(request, token);
        }

        /** Whether the query names the parameter, also encoded ({@code %5Fcsrf}) or unreadably. */
        private static boolean inQueryString(String query, String parameter) {
            if (query == null) {
                return false;
            }
            for (String pair : query.split("&")) {
                String name = pair.split("=", 2)[0];
                try {
                    if (URLDecoder.decode(name, StandardCharsets.UTF_8).equals(parameter)) {
                        return true;
                    }
                } catch (IllegalArgumentException e) {
                    return true;
                }
            }
            return false;
        }
    }
}
