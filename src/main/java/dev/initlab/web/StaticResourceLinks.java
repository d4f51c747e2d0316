package dev.initlab.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

/**
 * The WebJars locator turns on Spring's resource chain, and with it a filter that runs every link a page
 * writes through the static resource resolvers, probing the classpath for paths like {@code /runs/…}: most
 * of the home page's time. The pages link static files by plain paths (no versioned names), and the chain
 * still resolves {@code /webjars/…} when they are requested, so the filter is left out.
 */
@Configuration(proxyBeanMethods = false)
class StaticResourceLinks {

    @Bean
    FilterRegistrationBean<ResourceUrlEncodingFilter> resourceUrlEncodingFilter() {
        FilterRegistrationBean<ResourceUrlEncodingFilter> registration =
                new FilterRegistrationBean<>(new ResourceUrlEncodingFilter());
        registration.setEnabled(false);
        return registration;
    }
}
