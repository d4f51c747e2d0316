package dev.initlab.api;

import java.io.IOException;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * problem+json for API errors raised before a controller runs, where {@link ApiProblems} never sees
 * them: Spring Security's firewall (a {@code ;}, {@code //}, {@code ..} or an encoded {@code %2e} in the
 * path, an unknown method), anything else sent as an error to Boot's error page, and what Tomcat
 * answers by itself ({@link ProblemErrorReportValve}).
 */
@Configuration(proxyBeanMethods = false)
class EarlyApiProblems {

    /** The firewall's reason travels to the error page; Spring Security's default handler drops it. */
    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        return (request, response, rejection) ->
                response.sendError(HttpServletResponse.SC_BAD_REQUEST, rejection.getMessage());
    }

    @Bean
    FilterRegistrationBean<ErrorDispatchProblems> errorDispatchProblems() {
        FilterRegistrationBean<ErrorDispatchProblems> registration = new FilterRegistrationBean<>(new ErrorDispatchProblems());
        registration.setDispatcherTypes(DispatcherType.ERROR);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** Tomcat's host adds its error report valve when it starts, after (so inside) the one Spring Boot adds. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReportValve() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
        });
    }

    /** An error sent for an API path, on its way to Boot's error page: answered as problem+json instead. */
    static final class ErrorDispatchProblems extends HttpFilter {

        @Override
        protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            if (!(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String path)
                    || !ProblemResponses.isApiPath(path)
                    || !(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer status)) {
                chain.doFilter(request, response);
                return;
            }
            String reason = (String) request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
            ProblemResponses.write(response, status, ProblemResponses.detail(status, reason), path);
        }
    }
}
