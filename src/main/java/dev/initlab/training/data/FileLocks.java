package dev.initlab.training.data;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs work while holding a lock file, so that two threads or two processes preparing the same
 * download or cache take turns. A file lock alone is not enough inside one JVM: a second channel on
 * the same file throws instead of waiting, so threads first queue on an in-process lock. A waiter
 * polls both locks, so that it can stop when its monitor asks.
 *
 * <p>Waiting is not stalling: the holder's progress touches the lock file, at most once a second, and a
 * waiter reports the file's time as its own progress. A waiter therefore moves while the holder, in
 * this process or another, moves, and stalls when it stalls.
 */
final class FileLocks {

    private static final Logger log = LoggerFactory.getLogger(FileLocks.class);
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
    private static final long POLL_MILLIS = 100;
    private static final long TOUCH_EVERY_NANOS = 1_000_000_000L;

    /** The work done under the lock; it reports its progress to {@code holder}, which waiters see. */
    interface IoWork<T> {
        T run(PreparationMonitor holder) throws IOException;
    }

    /** One try at taking a lock: what was taken, or null when someone else holds it. */
    private interface Attempt<L> {
        L take() throws IOException;
    }

    private FileLocks() {
    }

    static <T> T holding(Path lockFile, PreparationMonitor monitor, IoWork<T> work) throws IOException {
        Path key = lockFile.toAbsolutePath().normalize();
        ReentrantLock local = IN_PROCESS.computeIfAbsent(key, path -> new ReentrantLock());
        waitFor(key, "another thread that holds " + key, monitor, () -> local.tryLock() ? local : null);
        try {
            Files.createDirectories(key.getParent());
            try (FileChannel channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = waitFor(key, "another process that holds " + key, monitor, channel::tryLock)) {
                return work.run(new Touching(key, monitor));
            }
        } finally {
            local.unlock();
        }
    }

    private static <L> L waitFor(Path lockFile, String holder, PreparationMonitor monitor, Attempt<L> attempt)
            throws IOException {
        L taken = attempt.take();
        if (taken != null) {
            return taken;
        }
        log.info("Waiting for {}", holder);
        Phase waiting = new Phase("waiting for " + holder, monitor);
        while ((taken = attempt.take()) == null) {
            waiting.progress(lockFileTime(lockFile), -1);
            waiting.stopIfRequested();
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while " + waiting.name(), e);
            }
        }
        return taken;
    }

    /** The lock file's time in milliseconds, which the holder moves as it progresses; 0 before it exists. */
    private static long lockFileTime(Path lockFile) {
        try {
            return Files.getLastModifiedTime(lockFile).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /** The holder's monitor: passes its progress on, and touches the lock file for the waiters. */
    private static final class Touching implements PreparationMonitor {

        private final Path lockFile;
        private final PreparationMonitor monitor;
        private long lastTouch = System.nanoTime() - TOUCH_EVERY_NANOS;

        Touching(Path lockFile, PreparationMonitor monitor) {
            this.lockFile = lockFile;
            this.monitor = monitor;
        }

        @Override
        public void progress(String phase, long done, long total) {
            monitor.progress(phase, done, total);
            long now = System.nanoTime();
            if (now - lastTouch >= TOUCH_EVERY_NANOS) {
                lastTouch = now;
                try {
                    Files.setLastModifiedTime(lockFile, FileTime.fromMillis(System.currentTimeMillis()));
                } catch (IOException e) {
                    log.debug("Could not touch {}: {}", lockFile, e.getMessage());
                }
            }
        }

        @Override
        public boolean stopRequested() {
            return monitor.stopRequested();
        }
    }
}
