package dev.initlab.support;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints the ten test classes that took longest when a test run ends, so that every build log shows
 * where its time goes. Registered in META-INF/services, so the JUnit Platform loads it for any launcher.
 */
public final class SlowestTestClasses implements TestExecutionListener {

    private static final int SHOWN = 10;

    private final Map<String, Long> startNanos = new ConcurrentHashMap<>();
    private final Map<String, Duration> durations = new ConcurrentHashMap<>();

    @Override
    public void executionStarted(TestIdentifier test) {
        className(test).ifPresent(name -> startNanos.put(name, System.nanoTime()));
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        className(test).ifPresent(name -> {
            Long start = startNanos.remove(name);
            if (start != null) {
                durations.merge(name, Duration.ofNanos(System.nanoTime() - start), Duration::plus);
            }
        });
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        if (durations.isEmpty()) {
            return;
        }
        StringBuilder report = new StringBuilder("Slowest test classes:\n");
        durations.entrySet().stream()
                .sorted(Map.Entry.<String, Duration>comparingByValue().reversed())
                .limit(SHOWN)
                .forEach(entry -> report.append(String.format("%9.1f s  %s%n", entry.getValue().toMillis() / 1000.0,
                        entry.getKey())));
        System.out.print(report);
        durations.clear();
    }

    /** The class a container stands for; empty for methods and engines. */
    private static Optional<String> className(TestIdentifier test) {
        return test.getSource()
                .filter(source -> test.isContainer() && source instanceof ClassSource)
                .map(source -> ((ClassSource) source).getClassName());
    }
}
