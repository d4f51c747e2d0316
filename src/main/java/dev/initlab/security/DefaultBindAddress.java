package dev.initlab.security;

import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * With no users configured InitLab asks nobody to sign in, so it listens on 127.0.0.1 only: nobody
 * else on the network can queue or cancel runs. An explicit {@code server.address} always wins.
 * Runs once the configuration files are read and before the web server binds.
 */
class DefaultBindAddress implements EnvironmentPostProcessor, Ordered {

    static final String LOOPBACK = "127.0.0.1";
    private static final String ADDRESS = "server.address";

    private final Log log;

    DefaultBindAddress(DeferredLogFactory logs) {
        this.log = logs.getLog(DefaultBindAddress.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Binder binder = Binder.get(environment);
        if (binder.bind(ADDRESS, String.class).isBound() || usersConfigured(binder)) {
            return;
        }
        environment.getPropertySources().addLast(new MapPropertySource("initlabLoopbackWithoutUsers",
                Map.of(ADDRESS, LOOPBACK)));
        log.info("No users are configured, so InitLab listens on " + LOOPBACK + " only. To open it to the network, "
                + "configure users (INITLAB_AUTH_USERS_0_NAME, _PASSWORD, _ROLE; see README, Sign-in), or set "
                + "SERVER_ADDRESS=0.0.0.0 to let anyone who reaches it submit and cancel runs.");
    }

    private static boolean usersConfigured(Binder binder) {
        return !binder.bind("initlab.auth.users", Bindable.listOf(AuthProperties.User.class))
                .orElse(List.of())
                .isEmpty();
    }

    /** After the configuration files and environment variables are in the environment. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
