package dev.initlab.training.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLocksTest {

    static final long HOLD_MILLIS = 1_000;

    @TempDir
    Path folder;

    /** Run in a second JVM by the test: holds the lock for a while, saying when it has it. */
    static final class Holder {
        public static void main(String[] args) throws IOException {
            FileLocks.holding(Path.of(args[0]), () -> {
                System.out.println("holding");
                System.out.flush();
                try {
                    Thread.sleep(HOLD_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            });
        }
    }

    @Test
    void anotherProcessHoldingTheLockIsWaitedFor() throws Exception {
        Path lock = folder.resolve("dataset.lock");
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Holder.class.getName(), lock.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (BufferedReader output = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = output.readLine();
            } while (line != null && !line.equals("holding"));
            assertThat(line).isEqualTo("holding");
            long start = System.nanoTime();

            long waitedNanos = FileLocks.holding(lock, () -> System.nanoTime() - start);

            assertThat(TimeUnit.NANOSECONDS.toMillis(waitedNanos)).isGreaterThan(HOLD_MILLIS / 2);
        } finally {
            holder.destroy();
        }
    }
}
