package dev.initlab.experiment;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** An experiment's stored epochs as plain rows, read through a cursor: exports never hold them all. */
@Component
public class StoredEpochs {

    /** One epoch of one run, with what identifies the run. */
    public record Row(UUID runId, String variant, double bn2Gamma, long seed, int epoch, double trainLoss,
                      double trainLossMean, double validLoss, double accuracy, double seconds, Instant recordedAt) {
    }

    private static final String ROWS = """
            SELECT r.id, v.name, v.bn2_gamma, r.seed, m.epoch, m.train_loss, m.train_loss_mean, m.valid_loss,
                   m.accuracy, m.seconds, m.recorded_at
            FROM runs r JOIN variants v ON v.id = r.variant_id JOIN epoch_metrics m ON m.run_id = r.id
            WHERE r.experiment_id = ?
            ORDER BY r.queue_order, m.epoch""";

    private final JdbcTemplate jdbc;

    StoredEpochs(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setFetchSize(1000);
    }

    /** Every stored epoch of the experiment, run by run in queue order, epoch by epoch. */
    @Transactional(readOnly = true) // PostgreSQL's driver reads through a cursor only inside a transaction
    public void forEach(UUID experimentId, Consumer<Row> action) {
        jdbc.query(ROWS, row -> {
            action.accept(new Row(row.getObject(1, UUID.class), row.getString(2), row.getDouble(3), row.getLong(4),
                    row.getInt(5), row.getDouble(6), row.getDouble(7), row.getDouble(8), row.getDouble(9),
                    row.getDouble(10), row.getObject(11, OffsetDateTime.class).toInstant()));
        }, experimentId);
    }
}
