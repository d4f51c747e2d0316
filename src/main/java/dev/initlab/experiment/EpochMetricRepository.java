package dev.initlab.experiment;

import java.util.Collection;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

public interface EpochMetricRepository extends JpaRepository<EpochMetric, EpochMetric.Key> {

    List<EpochMetric> findByRunIdOrderByEpoch(java.util.UUID runId);

    List<EpochMetric> findByRunIdInOrderByRunIdAscEpochAsc(Collection<java.util.UUID> runIds);
}
