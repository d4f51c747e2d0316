package dev.initlab.api;

import java.time.Duration;
import java.util.List;

import dev.initlab.queue.QueueStats;
import dev.initlab.queue.RunQueue;
import dev.initlab.queue.WorkerProperties;
import dev.initlab.queue.WorkerRegistry;
import dev.initlab.queue.WorkerRegistry.WorkerStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "workers", description = "Who serves the queue, on which device, and how long it is")
class WorkerController {

    private final WorkerRegistry registry;
    private final RunQueue queue;
    private final Duration liveWithin;

    WorkerController(WorkerRegistry registry, RunQueue queue, WorkerProperties properties) {
        this.registry = registry;
        this.queue = queue;
        this.liveWithin = properties.liveWithin();
    }

    /** The live workers of every instance, and the queue. */
    record WorkersView(List<WorkerStatus> workers, long queueLength, Double oldestQueuedSeconds) {
    }

    @GetMapping("/api/workers")
    @Operation(summary = "Live workers (instance, device, current run), queue length, age of the oldest queued run")
    WorkersView workers() {
        QueueStats stats = queue.stats();
        return new WorkersView(registry.live(liveWithin), stats.queued(), stats.oldestQueuedSeconds());
    }
}
