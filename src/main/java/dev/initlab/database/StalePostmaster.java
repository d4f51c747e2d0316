package dev.initlab.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A postmaster left behind by a JVM that was killed with {@code kill -9}: it still holds the data
 * directory, so a new one cannot start there. Only called once this JVM holds the data directory's
 * lock, so whatever postmaster is listed is an orphan and not another live InitLab's database.
 */
final class StalePostmaster {

    private static final Logger log = LoggerFactory.getLogger(StalePostmaster.class);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

    private StalePostmaster() {
    }

    /** Stops the orphan listed in {@code postmaster.pid} (fast shutdown: WAL is flushed) and removes the stale file. */
    static void clear(Path dataDirectory) throws IOException {
        clear(dataDirectory, SHUTDOWN_WAIT);
    }

    /**
     * Asks the orphan to stop, then to quit, then kills it and its backends; each step waits up to
     * {@code wait}. The pid file goes only once no process of it is left: a second postmaster on the same
     * data would corrupt it.
     */
    static void clear(Path dataDirectory, Duration wait) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> orphan = postmasterOf(pidFile, dataDirectory);
        if (orphan.isPresent()) {
            stop(orphan.get(), dataDirectory, wait);
        }
        // postgres itself refuses to start while the file names a live process, even an unrelated one
        Files.deleteIfExists(pidFile);
    }

    private static void stop(ProcessHandle postmaster, Path dataDirectory, Duration wait) throws IOException {
        log.warn("Stopping orphaned PostgreSQL (pid {}) left on {} by a process that died", postmaster.pid(), dataDirectory);
        List<ProcessHandle> backends = postmaster.descendants().toList();
        signal(postmaster.pid(), "INT");
        if (awaitExit(postmaster, wait)) {
            return;
        }
        log.warn("PostgreSQL pid {} ignored the fast shutdown; sending SIGQUIT", postmaster.pid());
        signal(postmaster.pid(), "QUIT");
        if (awaitExit(postmaster, wait)) {
            return;
        }
        log.warn("PostgreSQL pid {} survived SIGQUIT; sending SIGKILL to it and its {} backends", postmaster.pid(),
                backends.size());
        postmaster.destroyForcibly();
        backends.forEach(ProcessHandle::destroyForcibly);
        if (!awaitExit(postmaster, wait) || !backends.stream().allMatch(backend -> awaitExit(backend, wait))) {
            throw new IOException("The orphaned PostgreSQL (pid " + postmaster.pid() + ") on " + dataDirectory
                    + " could not be stopped, not even with SIGKILL. Starting another on the same data would"
                    + " corrupt it: stop that process by hand, then start InitLab again.");
        }
    }

    private static Optional<ProcessHandle> postmasterOf(Path pidFile, Path dataDirectory) throws IOException {
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.size() < 2) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        boolean sameDirectory = Path.of(lines.get(1).trim()).normalize().equals(dataDirectory.toAbsolutePath().normalize());
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(process -> sameDirectory && isPostgres(process));
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info().command().map(command -> command.endsWith("postgres")).orElse(false);
    }

    private static void signal(long pid, String signal) throws IOException {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while signalling PostgreSQL pid " + pid, e);
        }
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (process.isAlive() && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !process.isAlive();
    }
}
