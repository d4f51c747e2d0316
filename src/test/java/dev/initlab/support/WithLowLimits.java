package dev.initlab.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.TestPropertySource;

/**
 * The application with limits small enough to reach in a test: 4 runs per experiment, 40 queued run-epochs,
 * 2 KB request bodies, 3 live-progress streams and 2 per client; test classes that use it share one context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@TestPropertySource(properties = {"initlab.limits.runs-per-experiment=4", "initlab.limits.queued-run-epochs=40",
        "initlab.limits.max-request-body=2KB", "initlab.limits.progress-streams=3",
        "initlab.limits.progress-streams-per-client=2"})
public @interface WithLowLimits {
}
