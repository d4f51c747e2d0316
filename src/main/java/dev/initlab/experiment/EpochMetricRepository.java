package dev.initlab.experiment;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface EpochMetricRepository extends JpaRepository<EpochMetric, EpochMetric.Key> {

    List<EpochMetric> findByRunIdOrderByEpoch(UUID runId);

    List<EpochMetric> findByRunIdInOrderByRunIdAscEpochAsc(Collection<UUID> runIds);

    @Query("SELECT m.runId, count(m) FROM EpochMetric m, Run r WHERE r.id = m.runId AND r.experimentId = :experimentId"
            + " GROUP BY m.runId")
    List<Object[]> countByExperiment(UUID experimentId);

    /** Per run: its id, the accuracy of its last stored epoch, its best accuracy. */
    @Query(value = """
            SELECT m.run_id, (array_agg(m.accuracy ORDER BY m.epoch DESC))[1], max(m.accuracy)
            FROM epoch_metrics m JOIN runs r ON r.id = m.run_id
            WHERE r.experiment_id = :experimentId GROUP BY m.run_id""", nativeQuery = true)
    List<Object[]> accuraciesByExperiment(UUID experimentId);
}
