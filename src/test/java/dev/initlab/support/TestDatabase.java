package dev.initlab.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Which PostgreSQL the tests use: a Testcontainers PostgreSQL 17 where Docker runs, else the server
 * named by {@code SPRING_DATASOURCE_URL}, else InitLab's embedded PostgreSQL in a fresh folder.
 * Every test runs on one of them; none is skipped for want of Docker.
 */
public final class TestDatabase {

    private static final Logger log = LoggerFactory.getLogger(TestDatabase.class);
    private static PostgreSQLContainer container;

    private TestDatabase() {
    }

    public static synchronized void register(DynamicPropertyRegistry registry) {
        Path dataDir = newDataDir();
        registry.add("initlab.data-dir", dataDir::toString);
        if (System.getenv("SPRING_DATASOURCE_URL") == null && dockerAvailable()) {
            PostgreSQLContainer postgres = container();
            registry.add("spring.datasource.url", postgres::getJdbcUrl);
            registry.add("spring.datasource.username", postgres::getUsername);
            registry.add("spring.datasource.password", postgres::getPassword);
        }
    }

    /** A data folder for each application context, so that tests never touch a developer's ./data. */
    private static Path newDataDir() {
        try {
            Files.createDirectories(Path.of("target"));
            return Files.createTempDirectory(Path.of("target").toAbsolutePath(), "test-data-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            log.info("No Docker: {}", e.getMessage());
            return false;
        }
    }

    private static PostgreSQLContainer container() {
        if (container == null) {
            container = new PostgreSQLContainer("postgres:17-alpine");
            container.start();
        }
        return container;
    }
}
