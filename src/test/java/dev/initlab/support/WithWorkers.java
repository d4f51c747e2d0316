package dev.initlab.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.TestPropertySource;

/**
 * The application with one real CPU worker (runs are taken one at a time, in queue order) and quick
 * leases; test classes that use it share one context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@TestPropertySource(properties = {"initlab.worker.enabled=true", "initlab.worker.runs-per-device=1",
        "initlab.worker.heartbeat=1s",
        "initlab.worker.lease=5s", "initlab.worker.reap-every=1s"})
public @interface WithWorkers {
}
