package dev.initlab.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** Whoever cannot read the data directory cannot use the embedded database, whatever runs on the machine. */
class PrivateEmbeddedDatabaseTest {

    /** AuthenticationOk and AuthenticationSASL, the first answers a server may give a startup message. */
    private static final int NO_PASSWORD_ASKED = 0;
    private static final int SCRAM_PASSWORD_ASKED = 10;

    @TempDir
    static Path folder;

    private static Path dataDirectory;
    private static EmbeddedDatabase database;

    @BeforeAll
    static void start() {
        dataDirectory = folder.resolve("pg");
        database = EmbeddedDatabase.start(dataDirectory);
    }

    @AfterAll
    static void stop() throws IOException {
        database.close();
    }

    @Test
    void aConnectionWithoutThePasswordIsRefused() throws Exception {
        assertThat(firstAuthenticationAnswer(port(database), "postgres")).isEqualTo(SCRAM_PASSWORD_ASKED);
        assertThat(firstAuthenticationAnswer(port(database), "nobody")).isEqualTo(SCRAM_PASSWORD_ASKED);
        assertThatThrownBy(() -> DriverManager.getConnection(database.jdbcUrl(), "postgres", null).close())
                .isInstanceOf(SQLException.class);
    }

    @Test
    void aConnectionWithAWrongPasswordIsRefused() {
        assertThatThrownBy(() -> DriverManager.getConnection(database.jdbcUrl(), "postgres", "postgres").close())
                .isInstanceOfSatisfying(SQLException.class,
                        refused -> assertThat(refused.getSQLState()).as("invalid_password").isEqualTo("28P01"));
    }

    @Test
    void thePasswordIsStoredForItsOwnerAloneAndLetsTheSuperuserIn() throws Exception {
        Path passwordFile = dataDirectory.resolve("superuser-password");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDirectory))).isEqualTo("rwx------");
        assertThat(storedPassword(dataDirectory)).hasSizeGreaterThanOrEqualTo(40);

        try (Connection connection = connect(database, dataDirectory)) {
            JdbcTemplate sql = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
            assertThat(sql.queryForObject("SELECT rolsuper FROM pg_roles WHERE rolname = current_user", Boolean.class))
                    .isTrue();
            assertThat(sql.queryForObject("SELECT rolpassword FROM pg_authid WHERE rolname = 'postgres'", String.class))
                    .startsWith("SCRAM-SHA-256$");
        }
    }

    @Test
    void everyClientAuthenticationRuleAsksForAScramPasswordOverTcpOn127001() throws Exception {
        assertThat(Files.readString(dataDirectory.resolve("pg_hba.conf"))).doesNotContain("trust");
        try (Connection connection = connect(database, dataDirectory)) {
            JdbcTemplate sql = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
            assertThat(sql.queryForList("SELECT DISTINCT type || ' ' || address || ' ' || auth_method FROM pg_hba_file_rules",
                    String.class)).containsExactly("host 127.0.0.1 scram-sha-256");
            assertThat(sql.queryForObject("SHOW listen_addresses", String.class)).isEqualTo("127.0.0.1");
            assertThat(sql.queryForObject("SHOW password_encryption", String.class)).isEqualTo("scram-sha-256");
        }
    }

    @Test
    void thereIsNoUnixSocketForAnotherUserToReach() throws Exception {
        try (Connection connection = connect(database, dataDirectory)) {
            JdbcTemplate sql = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
            assertThat(sql.queryForObject("SHOW unix_socket_directories", String.class)).isEmpty();
        }
        String socketName = ".s.PGSQL." + port(database);
        assertThat(Path.of("/tmp", socketName)).doesNotExist();
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            assertThat(files.map(file -> file.getFileName().toString())).doesNotContain(socketName);
        }
    }

    @Test
    void aDataDirectoryFromAnOlderInitLabKeepsItsDataAndGetsAPasswordThatLasts() throws Exception {
        Path older = folder.resolve("older-pg");
        // what InitLab did before passwords: zonky's initdb, which trusts every local connection
        try (EmbeddedPostgres passwordless = EmbeddedPostgres.builder().setDataDirectory(older)
                .setCleanDataDirectory(false).setRegisterShutdownHook(false).start();
                Connection connection = passwordless.getPostgresDatabase().getConnection();
                Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE kept (name text)");
            sql.execute("INSERT INTO kept VALUES ('from before passwords')");
        }

        String password;
        try (EmbeddedDatabase upgraded = EmbeddedDatabase.start(older)) {
            password = storedPassword(older);
            assertThat(firstAuthenticationAnswer(port(upgraded), "postgres")).isEqualTo(SCRAM_PASSWORD_ASKED);
            assertThat(keptName(upgraded, older)).isEqualTo("from before passwords");
            assertThat(Files.readString(older.resolve("pg_hba.conf"))).doesNotContain("trust");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(older.resolve("superuser-password"))))
                    .isEqualTo("rw-------");
        }

        try (EmbeddedDatabase restarted = EmbeddedDatabase.start(older)) {
            assertThat(storedPassword(older)).isEqualTo(password);
            assertThat(firstAuthenticationAnswer(port(restarted), "postgres")).isEqualTo(SCRAM_PASSWORD_ASKED);
            assertThat(keptName(restarted, older)).isEqualTo("from before passwords");
        }
    }

    /** What the server answers a raw startup message over TCP: a request for a password, or none needed. */
    private static int firstAuthenticationAnswer(int port, String user) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            byte[] parameters = ("user\0" + user + "\0database\0postgres\0\0").getBytes(StandardCharsets.US_ASCII);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(4 + 4 + parameters.length);
            out.writeInt(3 << 16);
            out.write(parameters);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            assertThat((char) in.readByte()).as("an authentication request").isEqualTo('R');
            in.readInt();
            int answer = in.readInt();
            assertThat(answer).isIn(NO_PASSWORD_ASKED, SCRAM_PASSWORD_ASKED);
            return answer;
        }
    }

    private static String keptName(EmbeddedDatabase database, Path dataDirectory) throws Exception {
        try (Connection connection = connect(database, dataDirectory)) {
            return new JdbcTemplate(new SingleConnectionDataSource(connection, true))
                    .queryForObject("SELECT name FROM kept", String.class);
        }
    }

    private static Connection connect(EmbeddedDatabase database, Path dataDirectory) throws Exception {
        return DriverManager.getConnection(database.jdbcUrl(), "postgres", storedPassword(dataDirectory));
    }

    private static String storedPassword(Path dataDirectory) throws IOException {
        return Files.readString(dataDirectory.resolve("superuser-password")).strip();
    }

    private static int port(EmbeddedDatabase database) {
        return URI.create(database.jdbcUrl().substring("jdbc:".length())).getPort();
    }
}
