package dev.initlab.queue;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.stream.IntStream;

import dev.initlab.experiment.Analysis;
import dev.initlab.experiment.ExperimentSpec;
import dev.initlab.experiment.Recipe;
import dev.initlab.experiment.Stopping;
import dev.initlab.stats.SequentialSeedUse;
import dev.initlab.training.data.DatasetCatalog;
import dev.initlab.training.data.SplitSizes;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * How long experiments take on this deployment. A run's time is its epochs' image units times the
 * seconds per unit that finished runs of the same device kind and head measured (see {@link Speed}),
 * plus their median time outside epochs. The runs training now (their ETA), the runs queued ahead and
 * the new ones are then dealt in queue order to the worker slots that take them ({@link SlotSchedule}).
 */
@Service
public class TimeEstimator {

    /** Enough finished runs for a steady median, few enough to follow a deployment's recent speed. */
    private static final int RECENT_RUNS = 200;
    /** Worker device names go up to gpu99. */
    private static final int ANY_GPU_COUNT = 100;
    /** The sd of paired differences a sequential estimate assumes before any pilot: one point of accuracy. */
    static final double DEFAULT_SD_DIFFERENCE = 0.01;
    /** Enough simulated sequential experiments for expected seeds to about ±0.1, in milliseconds. */
    private static final int SIMULATIONS = 4000;
    /** Fixed, so that the same spec on the same data gets the same estimate. */
    private static final long SIMULATION_SEED = 20;

    private final JdbcTemplate jdbc;
    private final WorkerRegistry registry;
    private final WorkerProperties properties;
    private final DatasetCatalog datasets;
    private final PilotScale pilotScale;

    TimeEstimator(JdbcTemplate jdbc, WorkerRegistry registry, WorkerProperties properties, DatasetCatalog datasets,
                  PilotScale pilotScale) {
        this.jdbc = jdbc;
        this.registry = registry;
        this.properties = properties;
        this.datasets = datasets;
        this.pilotScale = pilotScale;
    }

    /** How long a valid spec would take if it were submitted now, and what that rests on; queues nothing. */
    public Estimate estimate(ExperimentSpec spec) {
        Recipe recipe = Recipe.of(spec);
        Workload workload = Workload.of(recipe);
        int runs = spec.variants().size() * spec.seedsOrDefault().size();
        Slots slots = slotsFor(recipe.device());
        Calibration calibration = new Calibration(slots.kind());
        Optional<EpochImages> images = calibration.images(workload);
        Optional<Speed> speed = calibration.speed(workload);
        String slotsNote = slots.live() ? ""
                : "; no live worker takes these runs, so this instance's " + slots.count() + " configured slot"
                + (slots.count() == 1 ? " is" : "s are") + " assumed";
        Integer trainImages = images.map(EpochImages::train).orElse(null);
        Integer validImages = images.map(EpochImages::valid).orElse(null);
        if (images.isEmpty() || speed.isEmpty()) {
            String why = images.isEmpty() ? "the images of " + workload.dataset() + " cannot be counted"
                    : "no finished " + slots.kind().toUpperCase(Locale.ROOT) + " run with the " + workload.head()
                    + " head on this deployment yet";
            return new Estimate(runs, trainImages, validImages, null, null, null, slots.kind(), slots.count(),
                    slots.live(), 0, why + slotsNote, sequential(spec, recipe, null, slots.count()));
        }
        double runSeconds = speed.get().runSeconds(workload.epochs(), images.get());
        List<ActiveRun> ahead = activeRuns().stream().filter(run -> run.competesFor(slots)).toList();
        double[] durations = new double[ahead.size() + runs];
        int unknown = 0;
        for (int i = 0; i < ahead.size(); i++) {
            OptionalDouble seconds = calibration.secondsLeft(ahead.get(i));
            unknown += seconds.isEmpty() ? 1 : 0;
            durations[i] = seconds.orElse(0);
        }
        Arrays.fill(durations, ahead.size(), durations.length, runSeconds);
        double[] finishes = SlotSchedule.finishTimes(slots.count(), durations);
        double lastFinish = Arrays.stream(finishes, ahead.size(), finishes.length).max().orElseThrow();
        String uncounted = unknown == 0 ? ""
                : "; " + unknown + " run" + (unknown == 1 ? "" : "s") + " ahead without a basis not counted";
        return new Estimate(runs, trainImages, validImages, lastFinish, runSeconds,
                finishes[ahead.size()] - runSeconds, slots.kind(), slots.count(), slots.live(), speed.get().runs(),
                speed.get().basis(slots.kind()) + slotsNote + uncounted,
                sequential(spec, recipe, new Timing(lastFinish, runSeconds), slots.count()));
    }

    /** When a spec's listed seeds would all have finished, and how long each run takes. */
    private record Timing(double firstStepSeconds, double runSeconds) {
    }

    /**
     * A sequential spec's expected and largest time: the listed seeds as estimated, then each further step's
     * runs on the same slots, queued when the step before has finished; the expectation weighs the time of
     * each possible end by the share of simulated experiments that ended there. The simulation assumes every
     * compared variant is the smallest difference worth finding away from the baseline, at the pilot's sd of
     * paired differences or, before any pilot, one point. Null for a fixed design or a single variant.
     */
    private SequentialEstimate sequential(ExperimentSpec spec, Recipe recipe, Timing timing, int slots) {
        Analysis analysis = Analysis.of(spec);
        Stopping stopping = analysis.stopping();
        int variants = spec.variants().size();
        if (stopping == null || variants < 2) {
            return null;
        }
        Optional<PilotScale.Pilot> pilot = pilotScale.of(recipe, analysis.primaryEpochOf(recipe.epochs()));
        double sd = pilot.map(PilotScale.Pilot::sdDifference).orElse(DEFAULT_SD_DIFFERENCE);
        double smallest = analysis.smallestDifference();
        SequentialSeedUse.Design design = new SequentialSeedUse.Design(variants - 1, spec.seedsOrDefault().size(),
                stopping.seedsPerStep(), stopping.maxSeeds(), stopping.alpha(), stopping.g());
        SequentialSeedUse use = SequentialSeedUse.simulate(design, smallest / sd, smallest / sd, SIMULATIONS,
                SIMULATION_SEED);
        Double expectedSeconds = null;
        Double largestSeconds = null;
        if (timing != null) {
            double seconds = timing.firstStepSeconds();
            double expected = use.seedsUsed()[design.initialSeeds()] * seconds;
            for (int seeds = design.initialSeeds(); seeds < design.maxSeeds(); ) {
                int next = design.seedsAfter(seeds);
                double[] stepRuns = new double[variants * (next - seeds)];
                Arrays.fill(stepRuns, timing.runSeconds());
                seconds += Arrays.stream(SlotSchedule.finishTimes(slots, stepRuns)).max().orElseThrow();
                expected += use.seedsUsed()[next] * seconds;
                seeds = next;
            }
            expectedSeconds = expected;
            largestSeconds = seconds;
        }
        String scale = pilot.map(p -> String.format(Locale.ROOT, "sd of paired differences %.2f points, from %d "
                        + "paired seeds of %d earlier experiment%s of this recipe", 100 * p.sdDifference(), p.pairs(),
                        p.experiments(), p.experiments() == 1 ? "" : "s"))
                .orElse("sd of paired differences assumed to be 1 point: no earlier experiment of this recipe has "
                        + "two paired seeds finished yet");
        return new SequentialEstimate(expectedSeconds, largestSeconds, use.expectedSeeds(), design.maxSeeds(),
                use.settledShare(), sd, smallest, pilot.map(PilotScale.Pilot::pairs).orElse(0), SIMULATIONS, scale);
    }

    /**
     * Seconds until the last run of an experiment ends: its training runs' ETAs and its queued runs
     * estimated as {@link #estimate} does, behind what is ahead of them. Empty when none of its runs is
     * queued or training, or when one of them has no basis.
     */
    public OptionalDouble remainingSeconds(UUID experimentId) {
        List<ActiveRun> active = activeRuns();
        int last = IntStream.range(0, active.size()).filter(i -> active.get(i).experimentId().equals(experimentId))
                .max().orElse(-1);
        if (last < 0) {
            return OptionalDouble.empty();
        }
        Slots slots = slotsFor(active.get(last).experimentDevice());
        Calibration calibration = new Calibration(slots.kind());
        List<ActiveRun> considered = active.subList(0, last + 1).stream()
                .filter(run -> run.experimentId().equals(experimentId) || run.competesFor(slots)).toList();
        double[] durations = new double[considered.size()];
        for (int i = 0; i < considered.size(); i++) {
            OptionalDouble seconds = calibration.secondsLeft(considered.get(i));
            if (seconds.isEmpty() && considered.get(i).experimentId().equals(experimentId)) {
                return OptionalDouble.empty();
            }
            durations[i] = seconds.orElse(0);
        }
        double[] finishes = SlotSchedule.finishTimes(slots.count(), durations);
        return IntStream.range(0, considered.size())
                .filter(i -> considered.get(i).experimentId().equals(experimentId))
                .mapToDouble(i -> finishes[i]).max();
    }

    private Slots slotsFor(String requestedDevice) {
        List<WorkerDevice> live = registry.live(properties.liveWithin()).stream()
                .map(worker -> new WorkerDevice(worker.device())).toList();
        return Slots.choose(requestedDevice, live, () -> configuredSlots(requestedDevice));
    }

    /**
     * The slots this instance's own workers would be. With {@code devices=auto} nothing here says how many
     * GPUs they would find, so one device is assumed, of the kind the latest finished run trained on; when
     * none of the devices takes the requested one, that device stands in for them.
     */
    private List<WorkerDevice> configuredSlots(String requestedDevice) {
        List<WorkerDevice> devices = properties.devices().strip().equalsIgnoreCase("auto")
                ? List.of(latestFinishedRunDevice())
                : WorkerDevice.resolve(properties.devices(), ANY_GPU_COUNT);
        List<WorkerDevice> taking = devices.stream().filter(device -> device.takes(requestedDevice)).toList();
        List<WorkerDevice> assumed = taking.isEmpty()
                ? List.of(new WorkerDevice(requestedDevice.equals("gpu") ? "gpu0" : requestedDevice)) : taking;
        return assumed.stream().flatMap(device -> Collections.nCopies(properties.runsOn(device), device).stream())
                .toList();
    }

    private WorkerDevice latestFinishedRunDevice() {
        return jdbc.queryForList("""
                        SELECT device FROM runs WHERE status = 'SUCCEEDED' AND device IS NOT NULL
                        ORDER BY finished_at DESC LIMIT 1""", String.class).stream()
                .findFirst().map(WorkerDevice::new).orElse(new WorkerDevice("cpu"));
    }

    /** Training runs first (each holds a slot), then queued runs in the order workers will take them. */
    private List<ActiveRun> activeRuns() {
        return jdbc.query("""
                        SELECT r.experiment_id, r.status = 'RUNNING' AS running, r.device AS run_device,
                               e.device AS experiment_device, e.dataset, e.image_size, e.epochs, e.batch_size, e.head,
                               e.train_limit, e.valid_limit,
                               CASE WHEN r.eta_seconds IS NOT NULL THEN greatest(0, r.eta_seconds
                                   - extract(epoch FROM now() - coalesce(r.progress_updated_at, now())))::float8
                               END AS eta_left
                        FROM runs r JOIN experiments e ON e.id = r.experiment_id
                        WHERE r.status IN ('RUNNING', 'QUEUED')
                        ORDER BY r.status = 'QUEUED', r.queue_order""",
                (rs, i) -> new ActiveRun(rs.getObject("experiment_id", UUID.class), rs.getBoolean("running"),
                        rs.getString("run_device"), rs.getString("experiment_device"), Workload.read(rs),
                        (Double) rs.getObject("eta_left")));
    }

    /**
     * A queued or training run; {@code etaLeft} is a training run's ETA less the time since it was
     * written, null before it has one.
     */
    private record ActiveRun(UUID experimentId, boolean running, String runDevice, String experimentDevice,
                             Workload workload, Double etaLeft) {

        boolean competesFor(Slots slots) {
            return running ? slots.hold(runDevice) : slots.take(experimentDevice);
        }
    }

    /** The dataset and limits that decide a run's image counts. */
    private record Split(String dataset, Integer trainLimit, Integer validLimit) {
    }

    /** The speed of one device kind's recently finished runs, and the image counts looked up on the way. */
    private final class Calibration {

        private final Map<Split, Optional<SplitSizes>> sizes = new HashMap<>();
        private final List<SpeedSample> samples;

        Calibration(String deviceKind) {
            samples = jdbc.query("""
                            SELECT e.dataset, e.image_size, e.epochs, e.batch_size, e.head, e.train_limit,
                                   e.valid_limit, count(*) AS epochs_stored, sum(m.seconds) AS epoch_seconds, r.run_seconds
                            FROM (SELECT id, experiment_id,
                                         extract(epoch FROM finished_at - started_at)::float8 AS run_seconds
                                  FROM runs
                                  WHERE status = 'SUCCEEDED' AND started_at IS NOT NULL AND finished_at IS NOT NULL
                                    AND (device = 'cpu') = (? = 'cpu')
                                  ORDER BY finished_at DESC
                                  LIMIT ?) r
                            JOIN experiments e ON e.id = r.experiment_id JOIN epoch_metrics m ON m.run_id = r.id
                            GROUP BY r.id, r.run_seconds, e.id""",
                    (rs, i) -> {
                        Workload workload = Workload.read(rs);
                        int epochsStored = rs.getInt("epochs_stored");
                        double epochSeconds = rs.getDouble("epoch_seconds");
                        double runSeconds = rs.getDouble("run_seconds");
                        return images(workload).flatMap(images ->
                                SpeedSample.of(workload, images, epochsStored, epochSeconds, runSeconds));
                    },
                    deviceKind, RECENT_RUNS).stream().flatMap(Optional::stream).toList();
        }

        Optional<EpochImages> images(Workload workload) {
            return sizes.computeIfAbsent(new Split(workload.dataset(), workload.trainLimit(), workload.validLimit()),
                            split -> datasets.splitSizes(split.dataset(), split.trainLimit(), split.validLimit()))
                    .map(split -> EpochImages.of(split, workload.batchSize()));
        }

        Optional<Speed> speed(Workload workload) {
            return Speed.at(workload.head(), workload.imageSize(), samples);
        }

        /** A training run's ETA, or a whole run's estimate before it has one; empty without a basis. */
        OptionalDouble secondsLeft(ActiveRun run) {
            if (run.running() && run.etaLeft() != null) {
                return OptionalDouble.of(run.etaLeft());
            }
            Workload workload = run.workload();
            Optional<Double> seconds = images(workload).flatMap(images ->
                    speed(workload).map(speed -> speed.runSeconds(workload.epochs(), images)));
            return seconds.map(OptionalDouble::of).orElseGet(OptionalDouble::empty);
        }
    }
}
