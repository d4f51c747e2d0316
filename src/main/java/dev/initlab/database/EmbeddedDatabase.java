package dev.initlab.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL 17 run by this JVM over a data directory that outlives it. Unlike a test database it
 * keeps fsync and synchronous_commit on: a finished epoch stays stored when the machine loses power.
 * Private to whoever can read its data directory: it listens on 127.0.0.1 only, has no Unix socket, and
 * asks every connection for a generated superuser password ({@link SuperuserPassword}).
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final String USER = "postgres";
    private static final String PASSWORD_ONLY = """
            # Written by InitLab at every start: edits are lost. No Unix socket; TCP on 127.0.0.1 with the
            # password in superuser-password only.
            host all all 127.0.0.1/32 scram-sha-256
            """;
    private static final String SUPERUSER_WITHOUT_PASSWORD = """
            # InitLab is giving the superuser a password; the next start asks every connection for it.
            host postgres postgres 127.0.0.1/32 trust
            """;

    private final FileChannel lockChannel;
    private final FileLock lock;
    private final EmbeddedPostgres postgres;
    private final String password;

    private EmbeddedDatabase(FileChannel lockChannel, FileLock lock, EmbeddedPostgres postgres, String password) {
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.postgres = postgres;
        this.password = password;
    }

    public static EmbeddedDatabase start(Path dataDirectory) {
        Path directory = dataDirectory.toAbsolutePath().normalize();
        FileChannel lockChannel = null;
        try {
            Files.createDirectories(directory);
            lockChannel = FileChannel.open(directory.resolveSibling(directory.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(lockChannel);
            if (lock == null) {
                throw new IllegalStateException("The embedded database in " + directory
                        + " is in use by another InitLab process; stop it or set initlab.data-dir to another folder");
            }
            StalePostmaster.clear(directory);
            long started = System.nanoTime();
            String password;
            EmbeddedPostgres postgres;
            if (Files.exists(directory.resolve("postgresql.conf"))) {
                Optional<String> stored = SuperuserPassword.read(directory);
                password = stored.isPresent() ? stored.get() : setPasswordOfOlderDataDirectory(directory);
                postgres = privateServer(directory, password).start();
            } else {
                password = SuperuserPassword.generate();
                postgres = initialise(directory, password);
            }
            log.info("Database: embedded PostgreSQL on 127.0.0.1 port {}, data in {}, password in {} (started in {} ms)",
                    postgres.getPort(), directory, directory.resolve(SuperuserPassword.FILE_NAME),
                    (System.nanoTime() - started) / 1_000_000);
            return new EmbeddedDatabase(lockChannel, lock, postgres, password);
        } catch (IOException e) {
            closeQuietly(lockChannel);
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + directory, e);
        } catch (RuntimeException e) {
            closeQuietly(lockChannel);
            throw e;
        }
    }

    /** A new cluster whose superuser has its password from initdb on: it never runs without one. */
    private static EmbeddedPostgres initialise(Path directory, String password) throws IOException {
        // initdb wants an empty data directory, so the password waits beside it until the cluster exists
        Path initdbPassword = directory.resolveSibling(directory.getFileName() + "." + SuperuserPassword.FILE_NAME);
        try {
            SuperuserPassword.write(initdbPassword, password);
            EmbeddedPostgres postgres = privateServer(directory, password)
                    // zonky hands its locale options to initdb as they are
                    .setLocaleConfig("pwfile", initdbPassword.toString())
                    .start();
            SuperuserPassword.write(directory.resolve(SuperuserPassword.FILE_NAME), password);
            return postgres;
        } finally {
            Files.deleteIfExists(initdbPassword);
        }
    }

    /**
     * A data directory from an InitLab before passwords (or whose password file was deleted): one start that
     * lets only the superuser in from 127.0.0.1 without a password, as such a directory always did, to set
     * a new one. The file is written once the cluster has it, so a crash in between repeats this.
     */
    private static String setPasswordOfOlderDataDirectory(Path directory) throws IOException {
        log.warn("The embedded database in {} has no password (made by an older InitLab): generating one", directory);
        String password = SuperuserPassword.generate();
        try (EmbeddedPostgres passwordless = server(directory, SUPERUSER_WITHOUT_PASSWORD).start();
                Connection connection = passwordless.getPostgresDatabase().getConnection()) {
            // the driver sends the SCRAM verifier, never the password itself
            connection.unwrap(PGConnection.class).alterUserPassword(USER, password.toCharArray(), "scram-sha-256");
        } catch (SQLException e) {
            throw new IOException("Could not set the password of the embedded database in " + directory, e);
        }
        SuperuserPassword.write(directory.resolve(SuperuserPassword.FILE_NAME), password);
        return password;
    }

    private static EmbeddedPostgres.Builder privateServer(Path directory, String password) {
        return server(directory, PASSWORD_ONLY).setConnectConfig("password", password);
    }

    private static EmbeddedPostgres.Builder server(Path directory, String clientAuthentication) {
        return EmbeddedPostgres.builder()
                .setDataDirectory(directory)
                .setCleanDataDirectory(false)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("listen_addresses", "127.0.0.1")
                // InitLab connects over TCP; with no socket file there is no way in but the password
                .setServerConfig("unix_socket_directories", "")
                .setServerConfig("password_encryption", "scram-sha-256")
                .setPGStartupWait(Duration.ofSeconds(60))
                // Spring stops it after the workers have handed their runs back; a hook of its own would race them
                .setRegisterShutdownHook(false)
                // after initdb, before the server starts: pg_hba.conf is ours on every start, whatever it said before
                .setDataDirectoryCustomizer(data -> writeClientAuthentication(data.toPath(), clientAuthentication));
    }

    private static void writeClientAuthentication(Path dataDirectory, String rules) {
        try {
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), rules);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write pg_hba.conf in " + dataDirectory, e);
        }
    }

    /** Null when another process, or another database of this process, holds the directory. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
    }

    public String username() {
        return USER;
    }

    public String password() {
        return password;
    }

    @Override
    public void close() throws IOException {
        try {
            postgres.close();
        } finally {
            lock.release();
            lockChannel.close();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing the lock file failed", e);
        }
    }
}
