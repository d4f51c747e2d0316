package dev.initlab.web;

import dev.initlab.security.AccessRules;
import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * The pages: CSRF tokens on every form and safe headers always; with users configured, a sign-in form
 * whose session cookie carries the user from page to page. The API has its own chain
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
        if (access.signInRequired()) {
            http.formLogin(form -> form.loginPage(SIGN_IN).permitAll())
                    .logout(logout -> logout.logoutUrl(SIGN_OUT).logoutSuccessUrl(SIGN_IN + "?signed-out"));
        }
        return http.build();
    }
}
