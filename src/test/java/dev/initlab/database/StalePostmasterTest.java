package dev.initlab.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StalePostmasterTest {

    @TempDir
    Path folder;

    @Test
    void anOrphanThatIgnoresShutdownAndQuitIsKilledBeforeThePidFileGoes() throws Exception {
        Path data = Files.createDirectories(folder.resolve("data"));
        // a process whose executable is named postgres and that ignores SIGINT and SIGQUIT, as a wedged
        // postmaster does: ignored signals stay ignored across exec
        Path postgres = Files.copy(Path.of("/usr/bin/sleep"), folder.resolve("postgres"), StandardCopyOption.COPY_ATTRIBUTES);
        Process orphan = new ProcessBuilder("bash", "-c", "trap '' INT QUIT; exec " + postgres + " 300").start();
        awaitExecutable(orphan.toHandle(), postgres);
        Files.writeString(data.resolve("postmaster.pid"), orphan.pid() + "\n" + data.toAbsolutePath() + "\n");

        StalePostmaster.clear(data, Duration.ofMillis(500));

        assertThat(orphan.waitFor(5, TimeUnit.SECONDS)).as("killed").isTrue();
        assertThat(orphan.exitValue()).isEqualTo(128 + 9);
        assertThat(data.resolve("postmaster.pid")).doesNotExist();
    }

    @Test
    void aPidFileNamingAnUnrelatedLiveProcessIsRemovedAndTheProcessLeftAlone() throws Exception {
        Path data = Files.createDirectories(folder.resolve("data"));
        Process unrelated = new ProcessBuilder("sleep", "300").start();
        try {
            Files.writeString(data.resolve("postmaster.pid"), unrelated.pid() + "\n" + data.toAbsolutePath() + "\n");

            StalePostmaster.clear(data, Duration.ofMillis(500));

            assertThat(unrelated.isAlive()).isTrue();
            assertThat(data.resolve("postmaster.pid")).doesNotExist();
        } finally {
            unrelated.destroyForcibly();
        }
    }

    private static void awaitExecutable(ProcessHandle process, Path executable) throws InterruptedException {
        for (int i = 0; i < 100 && !process.info().command().orElse("").equals(executable.toString()); i++) {
            Thread.sleep(20);
        }
        assertThat(process.info().command()).contains(executable.toString());
    }
}
