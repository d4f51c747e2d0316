package dev.initlab.security;

import java.time.Duration;
import java.util.Optional;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Checks a name and password, for the sign-in form and HTTP Basic alike, unless too many wrong ones came for that
 * name or from that address lately: then it refuses at once ({@link SignInThrottledException}), without checking.
 */
final class ThrottledSignIn implements AuthenticationProvider {

    private final AuthenticationProvider passwords;
    private final SignInFailures failures;

    ThrottledSignIn(AuthenticationProvider passwords, SignInFailures failures) {
        this.passwords = passwords;
        this.failures = failures;
    }

    @Override
    public Authentication authenticate(Authentication attempt) {
        String name = attempt.getName();
        String address = attempt.getDetails() instanceof WebAuthenticationDetails details ? details.getRemoteAddress() : null;
        Optional<Duration> refusal = failures.refusal(name, address);
        if (refusal.isPresent()) {
            throw new SignInThrottledException(refusal.get());
        }
        try {
            Authentication signedIn = passwords.authenticate(attempt);
            failures.succeeded(name);
            return signedIn;
        } catch (AuthenticationException e) {
            failures.failed(name, address);
            throw e;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return passwords.supports(authentication);
    }
}
