package dev.initlab.security;

import java.time.Duration;

import org.springframework.security.core.AuthenticationException;

/** Sign-in refused without looking at the password: too many wrong ones for this name or from this address. */
public final class SignInThrottledException extends AuthenticationException {

    private final Duration retryAfter;

    SignInThrottledException(Duration retryAfter) {
        super("Too many failed sign-ins; try again in " + wholeSeconds(retryAfter) + " s.");
        this.retryAfter = retryAfter;
    }

    /** Whole seconds until sign-in is possible again, at least 1: what {@code Retry-After} says. */
    public long retryAfterSeconds() {
        return wholeSeconds(retryAfter);
    }

    private static long wholeSeconds(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000);
    }
}
