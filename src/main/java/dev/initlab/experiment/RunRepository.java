package dev.initlab.experiment;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

public interface RunRepository extends JpaRepository<Run, UUID> {

    List<Run> findByExperimentIdOrderByQueueOrder(UUID experimentId);

    List<Run> findByExperimentIdInOrderByQueueOrder(Collection<UUID> experimentIds);

    /** Queued runs stop at once; running ones are asked to stop at their next batch. */
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query(value = """
            UPDATE runs SET
                status = CASE WHEN status = 'QUEUED' THEN 'CANCELLED' ELSE status END,
                finished_at = CASE WHEN status = 'QUEUED' THEN now() ELSE finished_at END,
                cancel_requested = true
            WHERE id IN (:ids) AND status IN ('QUEUED', 'RUNNING')
            """, nativeQuery = true)
    int cancel(Collection<UUID> ids);
}
