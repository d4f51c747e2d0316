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
 * the same file throws instead of waiting, so threads first queue on an in-process lock.
 */
final class FileLocks {

    private static final Logger log = LoggerFactory.getLogger(FileLocks.class);
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    interface IoWork<T> {
        T run() throws IOException;
    }

    private FileLocks() {
    }

    static <T> T holding(Path lockFile, IoWork<T> work) throws IOException {
        Path key = lockFile.toAbsolutePath().normalize();
        ReentrantLock local = IN_PROCESS.computeIfAbsent(key, path -> new ReentrantLock());
        if (!local.tryLock()) {
            log.info("Waiting for another thread that holds {}", key);
            local.lock();
        }
        try {
            Files.createDirectories(key.getParent());
            try (FileChannel channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = lockAcrossProcesses(channel, key)) {
                return work.run();
            }
        } finally {
            local.unlock();
        }
    }

    private static FileLock lockAcrossProcesses(FileChannel channel, Path key) throws IOException {
        FileLock lock = channel.tryLock();
        if (lock == null) {
            log.info("Waiting for another process that holds {}", key);
            lock = channel.lock();
        }
        return lock;
    }
}
