package dev.initlab.experiment;

import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The experiments list from aggregates, not from every epoch of every run: for a page of experiments, their
 * runs by status, and each variant's accuracy averaged over the seeds that reached each epoch. The averages
 * are kept per experiment until one of its epochs changes.
 */
@Service
public class ExperimentOverviews {

    /** One experiment of the list; {@code meanAccuracy} by variant name, then epoch. */
    public record Overview(Experiment experiment, Map<RunStatus, Long> statusCounts,
                           Map<String, SortedMap<Integer, Double>> meanAccuracy) {
    }

    private record CurvesKey(UUID experimentId, String version) {
    }

    private static final String STATUS_COUNTS = """
            SELECT experiment_id, status, count(*) AS runs FROM runs
            WHERE experiment_id = ANY (?) GROUP BY experiment_id, status""";
    private static final String MEAN_ACCURACY = """
            SELECT r.experiment_id, v.name, m.epoch, avg(m.accuracy) AS mean_accuracy
            FROM epoch_metrics m JOIN runs r ON r.id = m.run_id JOIN variants v ON v.id = r.variant_id
            WHERE r.experiment_id = ANY (?)
            GROUP BY r.experiment_id, v.name, m.epoch""";

    private final ExperimentRepository experiments;
    private final ExperimentVersions versions;
    private final JdbcTemplate jdbc;
    private final Cache<CurvesKey, Map<String, SortedMap<Integer, Double>>> curves =
            Caffeine.newBuilder().maximumSize(1_000).build();

    ExperimentOverviews(ExperimentRepository experiments, ExperimentVersions versions, JdbcTemplate jdbc) {
        this.experiments = experiments;
        this.versions = versions;
        this.jdbc = jdbc;
    }

    /** A page of experiments, newest first, in four queries whatever their sizes (three once their curves are kept). */
    @Transactional(readOnly = true)
    public Page<Overview> page(Pageable pageable) {
        Page<Experiment> page = experiments.findAllByOrderByCreatedAtDescIdAsc(pageable);
        List<UUID> ids = page.map(Experiment::getId).toList();
        Map<UUID, ExperimentVersion> pageVersions = versions.of(ids);
        Map<UUID, Map<RunStatus, Long>> counts = statusCounts(ids);
        Map<UUID, Map<String, SortedMap<Integer, Double>>> means = meanAccuracy(pageVersions.values());
        return page.map(experiment -> {
            experiment.getVariants().size();
            return new Overview(experiment, counts.getOrDefault(experiment.getId(), Map.of()),
                    means.getOrDefault(experiment.getId(), Map.of()));
        });
    }

    private Map<UUID, Map<RunStatus, Long>> statusCounts(List<UUID> ids) {
        Map<UUID, Map<RunStatus, Long>> counts = new HashMap<>();
        jdbc.query(STATUS_COUNTS, row -> {
            counts.computeIfAbsent(row.getObject("experiment_id", UUID.class), id -> new EnumMap<>(RunStatus.class))
                    .put(RunStatus.valueOf(row.getString("status")), row.getLong("runs"));
        }, (Object) ids.toArray(UUID[]::new));
        return counts;
    }

    private Map<UUID, Map<String, SortedMap<Integer, Double>>> meanAccuracy(Collection<ExperimentVersion> pageVersions) {
        Map<CurvesKey, Map<String, SortedMap<Integer, Double>>> found = curves.getAll(
                pageVersions.stream().map(version -> new CurvesKey(version.experimentId(), version.ofEpochs())).toList(),
                this::computeMeanAccuracy);
        Map<UUID, Map<String, SortedMap<Integer, Double>>> byExperiment = new HashMap<>();
        found.forEach((key, value) -> byExperiment.put(key.experimentId(), value));
        return byExperiment;
    }

    private Map<CurvesKey, Map<String, SortedMap<Integer, Double>>> computeMeanAccuracy(
            Set<? extends CurvesKey> missing) {
        Map<UUID, Map<String, SortedMap<Integer, Double>>> means = new HashMap<>();
        jdbc.query(MEAN_ACCURACY, row -> {
            means.computeIfAbsent(row.getObject("experiment_id", UUID.class), id -> new HashMap<>())
                    .computeIfAbsent(row.getString("name"), name -> new TreeMap<>())
                    .put(row.getInt("epoch"), row.getDouble("mean_accuracy"));
        }, (Object) missing.stream().map(CurvesKey::experimentId).toArray(UUID[]::new));
        Map<CurvesKey, Map<String, SortedMap<Integer, Double>>> computed = new HashMap<>();
        missing.forEach(key -> computed.put(key, means.getOrDefault(key.experimentId(), Map.of())));
        return computed;
    }
}
