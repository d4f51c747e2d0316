package dev.initlab.experiment;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

public interface RunRepository extends JpaRepository<Run, UUID> {

    /** The key of the advisory lock taken by {@link #lockQueueing()}: "InitLab" in ASCII, to spot it in pg_locks. */
    long QUEUEING_LOCK = 0x496E69744C6162L;

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

    /**
     * Takes the lock that queues one experiment at a time, until the transaction ends. The function returns
     * void, which JPA cannot read: its one row is counted instead.
     */
    @Query(value = "SELECT count(*) FROM pg_advisory_xact_lock(" + QUEUEING_LOCK + ")", nativeQuery = true)
    long lockQueueing();

    /** Epochs still to train: all of a queued run's, and those a running run has not finished (all if unknown). */
    @Query(value = """
            SELECT coalesce(sum(CASE WHEN r.status = 'RUNNING'
                                     THEN greatest(e.epochs - coalesce(r.progress_epoch, 0), 0)
                                     ELSE e.epochs END), 0)
            FROM runs r JOIN experiments e ON e.id = r.experiment_id
            WHERE r.status IN ('QUEUED', 'RUNNING')
            """, nativeQuery = true)
    long epochsToTrain();
}
