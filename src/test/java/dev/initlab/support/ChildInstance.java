package dev.initlab.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

/**
 * InitLab in a JVM of its own, started the way a user starts it, so a test can kill it with
 * {@code kill -9} and start it again over the same data.
 */
public final class ChildInstance implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final Path log;
    private final int port;

    private ChildInstance(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts InitLab on a free port over {@code dataDir}'s embedded database and waits until it serves. */
    public static ChildInstance start(Path dataDir, String... extraArguments) throws IOException {
        return start(dataDir, Map.of(), extraArguments);
    }

    /** As {@link #start(Path, String...)}, with these environment variables added to the child's. */
    public static ChildInstance start(Path dataDir, Map<String, String> environment, String... extraArguments)
            throws IOException {
        int port = freePort();
        Path log = Files.createTempFile(Path.of("target").toAbsolutePath(), "child-", ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "dev.initlab.InitLabApplication",
                "--server.port=" + port,
                "--initlab.data-dir=" + dataDir.toAbsolutePath()));
        command.addAll(List.of(extraArguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("SPRING_DATASOURCE_URL");
        builder.environment().put("MALLOC_ARENA_MAX", "1");
        builder.environment().put("MALLOC_MMAP_MAX_", "0");
        builder.environment().put("MALLOC_TRIM_THRESHOLD_", "68719476736");
        builder.environment().putAll(environment);
        ChildInstance instance = new ChildInstance(builder.start(), log, port);
        instance.awaitStarted();
        return instance;
    }

    /** Starts a second InitLab, with a data folder of its own, over the PostgreSQL that {@code database} names. */
    public static ChildInstance startOn(JdbcConnectionDetails database, String... extraArguments) throws IOException {
        Map<String, String> sameDatabase = new HashMap<>(Map.of("SPRING_DATASOURCE_URL", database.getJdbcUrl(),
                "SPRING_DATASOURCE_USERNAME", database.getUsername()));
        if (database.getPassword() != null) {
            sameDatabase.put("SPRING_DATASOURCE_PASSWORD", database.getPassword());
        }
        Path dataDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "instance-");
        return start(dataDir, sameDatabase, extraArguments);
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL: no shutdown hook runs, the embedded PostgreSQL is orphaned. */
    public void killHard() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM and wait, as a user's Ctrl-C. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            killHard();
        }
    }

    private void awaitStarted() throws IOException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            String output = Files.readString(log);
            if (output.contains("Started InitLabApplication")) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("InitLab exited during start:\n" + output);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("InitLab did not start in " + START_TIMEOUT + ":\n" + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
