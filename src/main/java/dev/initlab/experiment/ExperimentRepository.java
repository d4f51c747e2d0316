package dev.initlab.experiment;

import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ExperimentRepository extends JpaRepository<Experiment, UUID> {

    Page<Experiment> findAllByOrderByCreatedAtDescIdAsc(Pageable pageable);
}
