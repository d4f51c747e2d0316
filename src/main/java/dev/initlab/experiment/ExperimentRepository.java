package dev.initlab.experiment;

import java.util.List;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface ExperimentRepository extends JpaRepository<Experiment, UUID> {

    Page<Experiment> findAllByOrderByCreatedAtDescIdAsc(Pageable pageable);

    /** Sequential experiments none of whose runs is queued or running: a step has ended, or the sequence. */
    @Query("""
            SELECT e.id FROM Experiment e WHERE e.stoppingRule IS NOT NULL AND NOT EXISTS (
                SELECT r.id FROM Run r WHERE r.experimentId = e.id
                AND r.status IN (dev.initlab.experiment.RunStatus.QUEUED, dev.initlab.experiment.RunStatus.RUNNING))""")
    List<UUID> findSettledSequentialExperimentIds();
}
