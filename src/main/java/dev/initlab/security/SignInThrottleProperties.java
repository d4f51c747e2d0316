package dev.initlab.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many wrong passwords are tolerated before sign-in is refused for a while, for one user name and,
 * separately, from one address.
 *
 * @param failures wrong passwords in a row, per name and per address, after which sign-in is refused
 * @param window   how long it is then refused, counted from the last wrong password
 */
@ConfigurationProperties("initlab.auth.throttle")
public record SignInThrottleProperties(@DefaultValue("5") int failures, @DefaultValue("5m") Duration window) {

    public SignInThrottleProperties {
        if (failures < 1) {
            throw new IllegalArgumentException("initlab.auth.throttle.failures must be at least 1, not " + failures);
        }
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("initlab.auth.throttle.window must be longer than zero, not " + window);
        }
    }
}
