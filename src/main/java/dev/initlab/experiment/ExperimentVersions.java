package dev.initlab.experiment;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads experiments' versions in one indexed query over their runs. Read a version before the data it keys:
 * data read after it is at least that new, so a cache never keeps old data under a newer version.
 */
@Component
public class ExperimentVersions {

    private static final String SUMS = """
            SELECT r.experiment_id, count(*) AS runs, sum(r.epochs_changed) AS epochs_changed,
                   sum(r.changed) + min(e.changed) AS changed
            FROM runs r JOIN experiments e ON e.id = r.experiment_id
            WHERE r.experiment_id = ANY (?) GROUP BY r.experiment_id""";

    private final JdbcTemplate jdbc;

    ExperimentVersions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** @throws NotFoundException when no experiment has this id (every experiment has at least one run) */
    public ExperimentVersion of(UUID experimentId) {
        ExperimentVersion version = of(List.of(experimentId)).get(experimentId);
        if (version == null) {
            throw new NotFoundException("experiment", experimentId);
        }
        return version;
    }

    /** The version of the experiment that the run belongs to; empty when there is no such run. */
    public Optional<ExperimentVersion> ofRunsExperiment(UUID runId) {
        return jdbc.queryForList("SELECT experiment_id FROM runs WHERE id = ?", UUID.class, runId).stream()
                .findFirst().map(this::of);
    }

    /** The versions of those of {@code experimentIds} that exist. */
    public Map<UUID, ExperimentVersion> of(Collection<UUID> experimentIds) {
        Map<UUID, ExperimentVersion> versions = new HashMap<>();
        jdbc.query(SUMS, row -> {
            UUID id = row.getObject("experiment_id", UUID.class);
            String runs = row.getString("runs");
            versions.put(id, new ExperimentVersion(id, runs + "." + row.getString("epochs_changed"),
                    runs + "." + row.getString("changed")));
        }, (Object) experimentIds.toArray(UUID[]::new));
        return versions;
    }
}
