package dev.initlab.security;

import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wrong passwords counted per user name and per address; each count is forgotten one window after its last
 * wrong password. A name or address that reached the limit is refused until then, so guessing costs a window
 * per few tries. The counts are bounded in number, so names made up by the thousand cannot fill the memory.
 */
final class SignInFailures {

    private static final Logger log = LoggerFactory.getLogger(SignInFailures.class);
    private static final int MOST_COUNTED = 100_000;

    private final int limit;
    private final Duration window;
    private final Cache<String, Integer> byName;
    private final Cache<String, Integer> byAddress;

    SignInFailures(SignInThrottleProperties properties) {
        this.limit = properties.failures();
        this.window = properties.window();
        this.byName = counts();
        this.byAddress = counts();
    }

    /** How long sign-in stays refused for this name or from this address; empty where it is not. */
    Optional<Duration> refusal(String name, String address) {
        return Stream.of(remaining(byName, name), remaining(byAddress, address))
                .flatMap(Optional::stream)
                .max(Duration::compareTo);
    }

    /** Counts a wrong password; the one that reaches the limit, for the name or the address, is logged: once a burst. */
    void failed(String name, String address) {
        int forName = byName.asMap().merge(name, 1, Integer::sum);
        int fromAddress = address == null ? 0 : byAddress.asMap().merge(address, 1, Integer::sum);
        if (forName == limit || fromAddress == limit) {
            log.warn("{} wrong passwords for the name '{}', {} from {}: sign-in refused to {} for {}", forName,
                    printable(name), fromAddress, address, forName >= limit ? "the name" : "the address", window);
        }
    }

    /** A right password forgets the name's wrong ones; the address's stay, so one account cannot unlock guessing at others. */
    void succeeded(String name) {
        byName.invalidate(name);
    }

    private Optional<Duration> remaining(Cache<String, Integer> counts, String key) {
        Integer failures = key == null ? null : counts.getIfPresent(key);
        if (failures == null || failures < limit) {
            return Optional.empty();
        }
        return counts.policy().expireAfterWrite()
                .flatMap(expiry -> expiry.ageOf(key))
                .map(window::minus)
                .filter(left -> !left.isNegative() && !left.isZero());
    }

    private Cache<String, Integer> counts() {
        return Caffeine.newBuilder().expireAfterWrite(window).maximumSize(MOST_COUNTED).build();
    }

    /** A name as typed may hold line breaks; the log gets one line. */
    private static String printable(String name) {
        return name == null ? "" : name.replaceAll("\\p{Cntrl}", "?");
    }
}
