package dev.initlab.training.data;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 */
final class FileLocks {

    private static final Logger log = LoggerFactory.getLogger(FileLocks.class);
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
    private static final long POLL_MILLIS = 100;

    interface IoWork<T> {
        T run() throws IOException;
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
        waitFor("another thread that holds " + key, monitor, () -> local.tryLock() ? local : null);
        try {
            Files.createDirectories(key.getParent());
            try (FileChannel channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = waitFor("another process that holds " + key, monitor, channel::tryLock)) {
                return work.run();
            }
        } finally {
            local.unlock();
        }
    }

    private static <L> L waitFor(String holder, PreparationMonitor monitor, Attempt<L> attempt) throws IOException {
        L taken = attempt.take();
        if (taken != null) {
            return taken;
        }
        log.info("Waiting for {}", holder);
        Phase waiting = new Phase("waiting for " + holder, monitor);
        while ((taken = attempt.take()) == null) {
            waiting.progress(0, -1);
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
}
