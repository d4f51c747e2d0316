package dev.initlab.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param allowedHosts names (or addresses) by which InitLab is reached, besides those it always answers to: localhost,
 *                     its loopback addresses, {@code server.address} and, when it listens beyond the loopback, the
 *                     machine's own names and addresses; a reverse proxy's public name goes here
 */
@ConfigurationProperties("initlab")
public record AllowedHostsProperties(List<String> allowedHosts) {

    public AllowedHostsProperties {
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
    }
}
