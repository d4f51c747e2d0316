package dev.initlab.web;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.initlab.experiment.ExperimentDetails;
import dev.initlab.experiment.ExperimentService;
import dev.initlab.experiment.RunStatus;
import jakarta.annotation.PreDestroy;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live progress for an experiment page, as Server-Sent Events. Each stream reads the runs' progress
 * columns once a second, so any instance serves any experiment, whichever instance trains it.
 */
@RestController
class ProgressEvents {

    private static final Duration EVERY = Duration.ofSeconds(1);
    private static final Duration STREAM_LIFETIME = Duration.ofMinutes(30);

    private final ExperimentService experiments;
    private final ScheduledExecutorService poller = Executors.newScheduledThreadPool(1, runnable -> {
        Thread thread = new Thread(runnable, "progress-events");
        thread.setDaemon(true);
        return thread;
    });

    ProgressEvents(ExperimentService experiments) {
        this.experiments = experiments;
    }

    /**
     * One snapshot of a run: its status, where it stands, and how many epochs it has stored. {@code text} is
     * the run card's progress line; the experiment page's runs table shows {@code statusText} and
     * {@code attempt} in columns of their own.
     */
    record RunProgress(UUID id, RunStatus status, Integer epoch, Integer batch, Integer batchesPerEpoch,
                       Double imagesPerSecond, Double etaSeconds, int epochsStored, String error, String text,
                       String statusText, String attempt, Long durationSeconds, int percent) {
    }

    @GetMapping(value = "/experiments/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@PathVariable UUID id) {
        experiments.details(id);
        SseEmitter emitter = new SseEmitter(STREAM_LIFETIME.toMillis());
        ScheduledFuture<?> task = poller.scheduleWithFixedDelay(() -> send(id, emitter), 0, EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        emitter.onCompletion(() -> task.cancel(false));
        emitter.onTimeout(() -> task.cancel(false));
        emitter.onError(error -> task.cancel(false));
        return emitter;
    }

    private void send(UUID id, SseEmitter emitter) {
        try {
            ExperimentDetails details = experiments.details(id);
            int epochs = details.experiment().getRecipe().epochs();
            Map<UUID, Long> stored = experiments.storedEpochCounts(id);
            Instant now = Instant.now();
            List<RunProgress> runs = details.runs().stream().map(run -> new RunProgress(
                    run.getId(), run.getStatus(), run.getProgressEpoch(), run.getProgressBatch(),
                    run.getBatchesPerEpoch(), run.getImagesPerSecond(), run.getEtaSeconds(),
                    stored.getOrDefault(run.getId(), 0L).intValue(), run.getError(),
                    RunTable.progressText(run, epochs), RunTable.statusText(run, epochs), RunTable.attemptText(run),
                    RunTable.durationSeconds(run, now), RunTable.percentDone(run, epochs))).toList();
            emitter.send(SseEmitter.event().name("progress").data(runs, MediaType.APPLICATION_JSON));
        } catch (IOException | IllegalStateException e) {
            emitter.completeWithError(e);
        }
    }

    @PreDestroy
    void stop() {
        poller.shutdownNow();
    }
}
