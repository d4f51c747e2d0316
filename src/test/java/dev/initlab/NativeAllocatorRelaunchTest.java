package dev.initlab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import dev.initlab.support.ChildInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `java -jar` cannot set the environment of its own JVM: InitLab starts itself again with the malloc settings. */
class NativeAllocatorRelaunchTest {

    @TempDir
    Path dataDir;

    @Test
    void startedWithoutTheMallocSettingsInitLabRunsAgainWithThemAndEndsWithItsLauncher() throws Exception {
        ChildInstance launcher = ChildInstance.startWithoutAllocatorSettings(dataDir);
        ProcessHandle server;
        try {
            List<ProcessHandle> children = ProcessHandle.of(launcher.pid()).orElseThrow().children().toList();
            assertThat(children).hasSize(1);
            server = children.get(0);

            assertThat(environment(launcher.pid())).doesNotContain("MALLOC_ARENA_MAX=1");
            assertThat(environment(server.pid()))
                    .contains("MALLOC_ARENA_MAX=1", "MALLOC_MMAP_MAX_=0", "MALLOC_TRIM_THRESHOLD_=68719476736");
        } finally {
            launcher.killHard();
        }

        assertThat(server.onExit()).as("the server stops when its launcher is killed").succeedsWithin(Duration.ofSeconds(60));
    }

    private static List<String> environment(long pid) throws IOException {
        return Arrays.asList(Files.readString(Path.of("/proc", Long.toString(pid), "environ")).split("\0"));
    }
}
