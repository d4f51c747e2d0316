package dev.initlab.database;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Says at start which PostgreSQL InitLab stores its experiments in. */
@Component
class DatabaseStartupLog {

    private static final Logger log = LoggerFactory.getLogger(DatabaseStartupLog.class);

    private final JdbcTemplate jdbc;

    DatabaseStartupLog(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    @EventListener(ApplicationReadyEvent.class)
    void logDatabase() {
        String url = jdbc.execute((java.sql.Connection connection) -> connection.getMetaData().getURL());
        String version = jdbc.queryForObject("SHOW server_version", String.class);
        String fsync = jdbc.queryForObject("SHOW fsync", String.class);
        String synchronousCommit = jdbc.queryForObject("SHOW synchronous_commit", String.class);
        log.info("Database: PostgreSQL {} at {} (fsync={}, synchronous_commit={})", version, url, fsync, synchronousCommit);
    }
}
