package dev.initlab.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class FileLocksTest {

    static final long HOLD_MILLIS = 1_000;

    @TempDir
    Path folder;

    /** Run in a second JVM by the test: holds the lock for a while, saying when it has it. */
    static final class Holder {
        public static void main(String[] args) throws IOException {
            FileLocks.holding(Path.of(args[0]), PreparationMonitor.NONE, progress -> {
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
        Process holder = startHolder(lock);
        try (BufferedReader output = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            awaitHolding(output);
            long start = System.nanoTime();

            long waitedNanos = FileLocks.holding(lock, PreparationMonitor.NONE, progress -> System.nanoTime() - start);

            assertThat(TimeUnit.NANOSECONDS.toMillis(waitedNanos)).isGreaterThan(HOLD_MILLIS / 2);
        } finally {
            holder.destroy();
        }
    }

    @Test
    @Timeout(value = 5, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void threadWaitingForAnotherThreadsLockStopsWhenAsked() throws Exception {
        Path lock = folder.resolve("dataset.lock");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<?> holder = other.submit(() -> FileLocks.holding(lock, PreparationMonitor.NONE, progress -> {
                held.countDown();
                awaitQuietly(release);
                return null;
            }));
            held.await();
            RecordingMonitor monitor = RecordingMonitor.stoppingAt(report -> report.phase().startsWith("waiting for"));
            AtomicBoolean ran = new AtomicBoolean();

            assertThatThrownBy(() -> FileLocks.holding(lock, monitor, progress -> ran.getAndSet(true)))
                    .isInstanceOf(CancellationException.class)
                    .hasMessage("cancelled while waiting for another thread that holds " + lock.toAbsolutePath().normalize());
            assertThat(monitor.millisSinceStop()).isLessThan(1_000);
            assertThat(ran).isFalse();
            release.countDown();
            holder.get();
            String afterwards = FileLocks.holding(lock, PreparationMonitor.NONE, progress -> "free again");
            assertThat(afterwards).isEqualTo("free again");
        } finally {
            release.countDown();
            other.shutdownNow();
        }
    }

    @Test
    @Timeout(value = 8, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void threadWaitingForAnotherProcesssLockStopsWhenAsked() throws Exception {
        Path lock = folder.resolve("dataset.lock");
        Process holder = startHolder(lock);
        try (BufferedReader output = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            awaitHolding(output);
            RecordingMonitor monitor = RecordingMonitor.stoppingAt(report -> report.phase().startsWith("waiting for"));

            // the holder lets go after HOLD_MILLIS, so a waiter that ignored the stop would run its work
            assertThatThrownBy(() -> FileLocks.holding(lock, monitor, progress -> "ran"))
                    .isInstanceOf(CancellationException.class)
                    .hasMessage("cancelled while waiting for another process that holds " + lock.toAbsolutePath().normalize());
            assertThat(monitor.millisSinceStop()).isLessThan(HOLD_MILLIS / 2);
        } finally {
            holder.destroy();
        }
    }

    @Test
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aWaiterMovesWhileTheHolderMovesAndStandsStillWhileItStalls() throws Exception {
        Path lock = folder.resolve("dataset.lock");
        RecordingMonitor waiter = RecordingMonitor.neverStopping();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch moved = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> holder = threads.submit(() -> FileLocks.holding(lock, PreparationMonitor.NONE, progress -> {
                held.countDown();
                while (waiter.reports.isEmpty()) {
                    sleepQuietly(10);
                }
                progress.progress("downloading", 1, 3);
                sleepQuietly(1_100);
                progress.progress("downloading", 2, 3);
                sleepQuietly(300);
                moved.countDown();
                awaitQuietly(release);
                return null;
            }));
            held.await();
            Future<String> waiting = threads.submit(() -> FileLocks.holding(lock, waiter, progress -> "ran"));
            moved.await();
            long whileMoving = waiter.reports.stream().map(RecordingMonitor.Report::done).distinct().count();
            Thread.sleep(1_500);
            long whileStalled = waiter.reports.stream().map(RecordingMonitor.Report::done).distinct().count();
            release.countDown();

            assertThat(whileMoving).as("the waiter's progress moves with the holder's").isGreaterThanOrEqualTo(2);
            assertThat(whileStalled).as("and stands still while the holder makes none").isEqualTo(whileMoving);
            assertThat(waiting.get()).isEqualTo("ran");
            holder.get();
        } finally {
            release.countDown();
            threads.shutdownNow();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Process startHolder(Path lock) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Holder.class.getName(), lock.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static void awaitHolding(BufferedReader output) throws IOException {
        String line;
        do {
            line = output.readLine();
        } while (line != null && !line.equals("holding"));
        assertThat(line).isEqualTo("holding");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
