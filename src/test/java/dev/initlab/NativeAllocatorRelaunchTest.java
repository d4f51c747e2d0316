package dev.initlab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `java -jar` cannot set the environment of its own JVM: InitLab starts itself again with the malloc
 * settings. A small main class that relaunches exactly as {@link InitLabApplication} does stands in for
 * the server, so the test costs two JVM starts instead of two Spring Boot starts.
 */
class NativeAllocatorRelaunchTest {

    @TempDir
    Path logDir;

    @Test
    void startedWithoutTheMallocSettingsAProgramRunsAgainWithThemAndEndsWithItsLauncher() throws Exception {
        Path log = logDir.resolve("probe.log");
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Probe.class.getName())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        NativeAllocatorSettings.VARIABLES.keySet().forEach(builder.environment()::remove);
        Process launcher = builder.start();
        ProcessHandle relaunched;
        try {
            awaitLine(log, Probe.READY, launcher);
            List<ProcessHandle> children = launcher.children().toList();
            assertThat(children).hasSize(1);
            relaunched = children.get(0);

            assertThat(environment(launcher.pid())).doesNotContain("MALLOC_ARENA_MAX=1");
            assertThat(environment(relaunched.pid()))
                    .contains("MALLOC_ARENA_MAX=1", "MALLOC_MMAP_MAX_=0", "MALLOC_TRIM_THRESHOLD_=68719476736");
        } finally {
            launcher.destroyForcibly().waitFor();
        }

        assertThat(relaunched.onExit()).as("the relaunched process stops when its launcher is killed")
                .succeedsWithin(Duration.ofSeconds(30));
    }

    private static void awaitLine(Path log, String line, Process launcher) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!Files.readString(log).contains(line)) {
            if (!launcher.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("no '" + line + "' from the relaunched process:\n" + Files.readString(log));
            }
            Thread.sleep(50);
        }
    }

    private static List<String> environment(long pid) throws IOException {
        return Arrays.asList(Files.readString(Path.of("/proc", Long.toString(pid), "environ")).split("\0"));
    }

    /** Relaunches itself like InitLab's main, then waits to be stopped. */
    static final class Probe {

        static final String READY = "probe ready";

        public static void main(String[] args) throws Exception {
            NativeAllocatorSettings.relaunchUnlessSet(Probe.class, args);
            System.out.println(READY);
            Thread.sleep(Duration.ofMinutes(5).toMillis());
        }
    }
}
