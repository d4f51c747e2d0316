package dev.initlab.queue;

import java.util.List;
import java.util.Optional;

import dev.initlab.experiment.Recipe;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * How much a recipe's primary endpoint varies between seeds on this deployment: the sd of paired
 * differences in accuracy between two variants of the same seed, pooled over every pair of variants of the
 * finished experiments with the same recipe and primary epoch (their runs are the pilot). Sizes a
 * sequential experiment before it is submitted.
 */
@Component
class PilotScale {

    private final JdbcTemplate jdbc;

    PilotScale(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param sdDifference pooled sd of the paired differences (accuracy as a fraction)
     * @param pairs        paired seeds it rests on
     * @param experiments  experiments they come from
     */
    record Pilot(double sdDifference, int pairs, int experiments) {
    }

    /** Empty until some experiment of this recipe has two seeds with both runs of two variants finished. */
    Optional<Pilot> of(Recipe recipe, int primaryEpoch) {
        List<Pilot> pooled = jdbc.query("""
                        WITH differences AS (
                            SELECT a.experiment_id, a.variant_id AS variant_a, b.variant_id AS variant_b,
                                   count(*) AS pairs, var_samp(ma.accuracy - mb.accuracy) AS variance
                            FROM runs a
                            JOIN runs b ON b.experiment_id = a.experiment_id AND b.seed = a.seed
                                       AND b.variant_id > a.variant_id
                            JOIN experiments e ON e.id = a.experiment_id
                            JOIN epoch_metrics ma ON ma.run_id = a.id AND ma.epoch = ?
                            JOIN epoch_metrics mb ON mb.run_id = b.id AND mb.epoch = ?
                            WHERE a.status = 'SUCCEEDED' AND b.status = 'SUCCEEDED'
                              AND coalesce(e.primary_epoch, e.epochs - 1) = ?
                              AND e.dataset = ? AND e.image_size = ? AND e.epochs = ? AND e.batch_size = ?
                              AND e.lr_max = ? AND e.weight_decay = ? AND e.head = ?
                              AND e.train_limit IS NOT DISTINCT FROM ? AND e.valid_limit IS NOT DISTINCT FROM ?
                            GROUP BY a.experiment_id, a.variant_id, b.variant_id
                            HAVING count(*) >= 2)
                        SELECT sqrt(sum((pairs - 1) * variance) / sum(pairs - 1)) AS sd,
                               sum(pairs)::int AS pairs, count(DISTINCT experiment_id)::int AS experiments
                        FROM differences
                        HAVING count(*) > 0""",
                (rs, i) -> new Pilot(rs.getDouble("sd"), rs.getInt("pairs"), rs.getInt("experiments")),
                primaryEpoch, primaryEpoch, primaryEpoch, recipe.dataset(), recipe.imageSize(), recipe.epochs(),
                recipe.batchSize(), recipe.lrMax(), recipe.weightDecay(), recipe.head(), recipe.trainLimit(),
                recipe.validLimit());
        return pooled.stream().filter(pilot -> pilot.sdDifference() > 0).findFirst();
    }
}
