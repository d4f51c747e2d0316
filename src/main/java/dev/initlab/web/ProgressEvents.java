package dev.initlab.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.initlab.experiment.ExperimentDetails;
import dev.initlab.experiment.ExperimentService;
import dev.initlab.experiment.RunStatus;
import dev.initlab.limits.StreamPlaces;
import dev.initlab.queue.TimeEstimator;
import jakarta.annotation.PreDestroy;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * Live progress for an experiment page, as Server-Sent Events. One poller per experiment reads the runs'
 * progress columns once a second and sends the snapshot to every viewer of it, so any instance serves any
 * experiment, whichever instance trains it, with the time left for the whole experiment
 * ({@code remaining}). A stream ends after the snapshot in which every run has finished, and with a
 * {@code failure} event when a snapshot cannot be read: it never goes silent. Each stream is written on its own,
 * without blocking ({@link ProgressStream}), so a viewer who reads slowly or not at all delays no other. The
 * places for streams are {@link StreamPlaces}: a client over its share is refused with 429, anyone when all are
 * taken with 503.
 */
@RestController
class ProgressEvents {

    private static final Logger log = LoggerFactory.getLogger(ProgressEvents.class);
    private static final Duration EVERY = Duration.ofSeconds(1);
    private static final Duration STREAM_LIFETIME = Duration.ofMinutes(30);
    private static final Duration ESTIMATE_EVERY = Duration.ofSeconds(10);

    private final ExperimentService experiments;
    private final TimeEstimator estimator;
    private final StreamPlaces places;
    private final JsonMapper json;
    private final Map<UUID, Viewers> viewersByExperiment = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller = Executors.newScheduledThreadPool(1, runnable -> {
        Thread thread = new Thread(runnable, "progress-events");
        thread.setDaemon(true);
        return thread;
    });

    ProgressEvents(ExperimentService experiments, TimeEstimator estimator, StreamPlaces places, JsonMapper json) {
        this.experiments = experiments;
        this.estimator = estimator;
        this.places = places;
        this.json = json;
    }

    /**
     * One snapshot of a run: its status, where it stands, and how many epochs it has stored. {@code text} is
     * the run card's progress line; the experiment page's runs table shows {@code statusText},
     * {@code attempt} and {@code duration} in columns of their own, and sorts by {@code statusOrder} and
     * {@code durationSeconds}, as the page renders them.
     */
    record RunProgress(UUID id, RunStatus status, int statusOrder, Integer epoch, Integer batch,
                       Integer batchesPerEpoch, Double imagesPerSecond, Double etaSeconds, int epochsStored,
                       String error, String text, String statusText, String attempt, Long durationSeconds,
                       String duration, int percent) {
    }

    /** The streams open on one experiment and the task that polls it for all of them. */
    private static final class Viewers {
        final Set<ProgressStream> streams = new CopyOnWriteArraySet<>();
        ScheduledFuture<?> polling;
        private String remaining;
        private long remainingAtNanos;

        /**
         * The time left, estimated again at most every {@link #ESTIMATE_EVERY}: an estimate reads the queue
         * and past runs, too much to do every second.
         */
        String remaining(Supplier<String> estimate) {
            long now = System.nanoTime();
            if (remaining == null || now - remainingAtNanos >= ESTIMATE_EVERY.toNanos()) {
                remaining = estimate.get();
                remainingAtNanos = now;
            }
            return remaining;
        }
    }

    @GetMapping(value = "/experiments/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    void events(@PathVariable UUID id, HttpServletRequest request, HttpServletResponse response) throws IOException {
        experiments.details(id);
        String client = clientOf(request);
        places.take(client);
        response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        ProgressStream stream;
        try {
            AsyncContext async = request.startAsync();
            async.setTimeout(STREAM_LIFETIME.toMillis());
            stream = new ProgressStream(async, "experiment " + id + " for " + client, ended -> {
                places.giveBack(client);
                leave(id, ended);
            });
        } catch (IOException | RuntimeException e) {
            places.giveBack(client);
            throw e;
        }
        viewersByExperiment.compute(id, (experiment, viewers) -> {
            Viewers joined = viewers != null ? viewers : new Viewers();
            joined.streams.add(stream);
            if (joined.polling == null) {
                joined.polling = poller.scheduleWithFixedDelay(() -> poll(id), 0, EVERY.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
            return joined;
        });
    }

    /**
     * Whom a stream's place counts against: the signed-in user wherever they connect from, else the address, which
     * a client cannot change as it can drop a session cookie.
     */
    private static String clientOf(HttpServletRequest request) {
        String user = request.getRemoteUser();
        return user != null ? "user " + user : "address " + request.getRemoteAddr();
    }

    /** Open streams, over all experiments. */
    int openStreams() {
        return viewersByExperiment.values().stream().mapToInt(viewers -> viewers.streams.size()).sum();
    }

    /** Experiments polled right now: one per experiment, however many viewers it has. */
    int polledExperiments() {
        return viewersByExperiment.size();
    }

    private void poll(UUID id) {
        List<RunProgress> runs;
        try {
            runs = snapshot(id);
            if (runs.isEmpty()) {
                // every experiment has runs: it was deleted between reading it and reading them
                throw new IllegalStateException("experiment " + id + " has no runs");
            }
        } catch (RuntimeException e) {
            // a database hiccup or a deleted experiment: say so and end, rather than leave the page waiting
            log.warn("Live progress of experiment {} stopped: {}", id, e.toString());
            endAll(id, ProgressStream.event("failure",
                    "Live progress stopped: the server could not read this experiment. Reload to retry."));
            return;
        }
        if (runs.stream().allMatch(run -> run.status().isFinished())) {
            endAll(id, progress(runs));
            return;
        }
        Viewers viewers = viewersByExperiment.get(id);
        if (viewers != null) {
            String remaining = viewers.remaining(() -> remainingText(id));
            byte[] progress = progress(runs);
            byte[] remainingEvent = ProgressStream.event("remaining", remaining);
            byte[] frame = Arrays.copyOf(progress, progress.length + remainingEvent.length);
            System.arraycopy(remainingEvent, 0, frame, progress.length, remainingEvent.length);
            viewers.streams.forEach(stream -> stream.offer(frame));
        }
    }

    /** The estimate is a nicety: when it fails, progress goes on without it. */
    private String remainingText(UUID id) {
        try {
            return Durations.leftForTheExperiment(estimator.remainingSeconds(id));
        } catch (RuntimeException e) {
            log.warn("No remaining time for experiment {}: {}", id, e.toString());
            return "";
        }
    }

    private byte[] progress(List<RunProgress> runs) {
        return ProgressStream.event("progress", json.writeValueAsString(runs));
    }

    /**
     * Sends each viewer its last event and closes its stream. The viewers leave the map first, so one who
     * joins meanwhile gets a poller of its own and its own last event.
     */
    private void endAll(UUID id, byte[] lastEvent) {
        Viewers viewers = viewersByExperiment.remove(id);
        if (viewers == null) {
            return;
        }
        viewers.polling.cancel(false);
        viewers.streams.forEach(stream -> stream.finish(lastEvent));
    }

    private List<RunProgress> snapshot(UUID id) {
        ExperimentDetails details = experiments.details(id);
        int epochs = details.experiment().getRecipe().epochs();
        Map<UUID, Long> stored = experiments.storedEpochCounts(id);
        Instant now = Instant.now();
        return details.runs().stream().map(run -> {
            Long duration = RunRow.durationSeconds(run, now);
            return new RunProgress(run.getId(), run.getStatus(), run.getStatus().ordinal(), run.getProgressEpoch(),
                    run.getProgressBatch(), run.getBatchesPerEpoch(), run.getImagesPerSecond(), run.getEtaSeconds(),
                    stored.getOrDefault(run.getId(), 0L).intValue(), run.getError(),
                    RunRow.progressText(run, epochs), RunRow.statusText(run, epochs), RunRow.attemptText(run),
                    duration, duration == null ? "–" : RunRow.time(duration), RunRow.percentDone(run, epochs));
        }).toList();
    }

    private void leave(UUID id, ProgressStream stream) {
        viewersByExperiment.computeIfPresent(id, (experiment, viewers) -> {
            if (!viewers.streams.remove(stream) || !viewers.streams.isEmpty()) {
                return viewers;
            }
            viewers.polling.cancel(false);
            return null;
        });
    }

    @PreDestroy
    void stop() {
        poller.shutdownNow();
    }
}
