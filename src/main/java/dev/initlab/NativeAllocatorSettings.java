package dev.initlab;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * glibc's malloc made DJL's training 1.2–5× slower here and grew the process without bound unless
 * three variables are set before the JVM starts. {@code spring-boot:run}, the tests and the Docker
 * image set them; a plain {@code java -jar} cannot, so InitLab then starts itself again with them.
 */
final class NativeAllocatorSettings {

    static final Map<String, String> VARIABLES = Map.of(
            "MALLOC_ARENA_MAX", "1",
            "MALLOC_MMAP_MAX_", "0",
            "MALLOC_TRIM_THRESHOLD_", "68719476736");
    static final String WATCH_PARENT = "initlab.parent-pid";

    private NativeAllocatorSettings() {
    }

    /**
     * Returns in a process that has the settings; otherwise runs {@code mainClass} again with them and
     * exits with its exit code.
     */
    static void relaunchUnlessSet(Class<?> mainClass, String[] args) throws IOException, InterruptedException {
        if (missing()) {
            System.exit(relaunch(mainClass, args));
        }
        exitWithParent();
    }

    private static boolean missing() {
        return System.getProperty("os.name", "").startsWith("Linux")
                && VARIABLES.keySet().stream().anyMatch(name -> System.getenv(name) == null);
    }

    /**
     * Runs this same command again with the variables set and waits for it: its exit code is ours,
     * our shutdown stops it, and it ends by itself if we are killed.
     */
    private static int relaunch(Class<?> mainClass, String[] args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-D" + WATCH_PARENT + "=" + ProcessHandle.current().pid());
        String launched = System.getProperty("sun.java.command", "");
        String jar = launched.split(" ", 2)[0];
        if (jar.endsWith(".jar")) {
            command.addAll(List.of("-jar", jar));
        } else {
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        }
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().putAll(VARIABLES);
        Process child = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            child.destroy();
            try {
                child.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        return child.waitFor();
    }

    /** In a relaunched process: exit when the process that started us is gone (it was killed with -9). */
    private static void exitWithParent() {
        String parent = System.getProperty(WATCH_PARENT);
        if (parent != null) {
            ProcessHandle.of(Long.parseLong(parent)).ifPresentOrElse(
                    handle -> handle.onExit().thenRun(() -> System.exit(143)),
                    () -> System.exit(143));
        }
    }
}
