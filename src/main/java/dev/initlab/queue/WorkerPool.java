package dev.initlab.queue;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import dev.initlab.experiment.RunStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This instance's share of the queue: {@code runs-per-device} worker threads on each device, a
 * heartbeat that renews the leases of the runs they hold, a watchdog that ends runs that stopped
 * moving, and a reaper that returns other instances' expired runs to the queue. The reaper runs on
 * every instance, web-only ones too, so a dead worker's runs always come back.
 */
@Component
public class WorkerPool implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);
    private static final Duration FORGET_WORKERS_AFTER = Duration.ofMinutes(10);
    /** Far longer than a checkpoint takes between its writing and its switch, which is moments. */
    private static final Duration ABANDONED_CHECKPOINT_AGE = Duration.ofHours(1);

    private final WorkerProperties properties;
    private final RunQueue queue;
    private final WorkerRegistry registry;
    private final RunExecutor executor;
    private final String instance = instanceName();
    private final ActiveRuns active = new ActiveRuns();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final List<Worker> workers = new CopyOnWriteArrayList<>();
    /** The reaper and the watchdog; the heartbeat has a thread of its own, so that neither can delay it. */
    private ScheduledExecutorService housekeeping;
    private ScheduledExecutorService heartbeats;
    private volatile boolean running;

    WorkerPool(WorkerProperties properties, RunQueue queue, WorkerRegistry registry, RunExecutor executor) {
        this.properties = properties;
        this.queue = queue;
        this.registry = registry;
        this.executor = executor;
    }

    @Override
    public synchronized void start() {
        stopping.set(false);
        housekeeping = daemonThread("queue-housekeeping");
        heartbeats = daemonThread("queue-heartbeat");
        housekeeping.scheduleWithFixedDelay(this::reap, 0, properties.reapEvery().toMillis(), TimeUnit.MILLISECONDS);
        if (properties.enabled()) {
            startWorkers();
            heartbeats.scheduleWithFixedDelay(this::heartbeat, properties.heartbeat().toMillis(),
                    properties.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
            housekeeping.scheduleWithFixedDelay(this::endStalledRuns, properties.heartbeat().toMillis(),
                    properties.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
        } else {
            log.info("Workers disabled (initlab.worker.enabled=false): this instance serves the web only");
        }
        running = true;
    }

    private static ScheduledExecutorService daemonThread(String name) {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    private void startWorkers() {
        int gpus = Engine.getInstance().getGpuCount();
        List<WorkerDevice> devices = WorkerDevice.resolve(properties.devices(), gpus);
        if (devices.contains(WorkerDevice.CPU)) {
            int cores = Runtime.getRuntime().availableProcessors();
            int threads = properties.intraOpThreadsFor(cores);
            // process-wide in torch: the CPU's concurrent runs share the cores instead of fighting over them
            JniUtils.setNumThreads(threads);
            log.info("torch intra-op threads: {} ({} cores, {} run(s) at once on the CPU)", threads, cores,
                    properties.runsOn(WorkerDevice.CPU));
        }
        log.info("Starting runs at once on {} (DJL sees {} GPU(s)); instance {}", devices.stream()
                .map(device -> properties.runsOn(device) + " on " + device.name()).toList(), gpus, instance);
        for (WorkerDevice device : devices) {
            for (int slot = 0; slot < properties.runsOn(device); slot++) {
                Worker worker = new Worker(instance + "/" + device.name() + "-" + slot, device, queue, executor,
                        properties, active, stopping, registry);
                registry.register(worker.id(), instance, device);
                workers.add(worker);
                worker.start();
            }
        }
    }

    /**
     * Runs being trained go back to the queue with a checkpoint of where they stand; the threads, all told
     * at once, get {@link #STOP_WAIT} together to reach their next batch and write it.
     */
    @Override
    public synchronized void stop() {
        stopping.set(true);
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        for (Worker worker : workers) {
            try {
                // at least a millisecond: a thread's join(0) would wait for ever
                worker.join(Duration.ofNanos(Math.max(Duration.ofMillis(1).toNanos(), deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        workers.clear();
        housekeeping.shutdownNow();
        heartbeats.shutdownNow();
        if (properties.enabled()) {
            registry.deregister(instance);
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    public String instance() {
        return instance;
    }

    private void heartbeat() {
        try {
            Set<RunClaim> held = active.claims();
            active.renewed(held, queue.renewLeases(held, instance, properties.lease()));
        } catch (RuntimeException e) {
            log.warn("Heartbeat failed; leases will be renewed at the next one", e);
        }
    }

    /**
     * A run that has not moved (no batch, no downloaded byte, no cached image) for the stall timeout
     * fails with what it was doing; its lease is no longer renewed and a fresh thread takes its slot.
     */
    private void endStalledRuns() {
        for (Worker worker : workers) {
            try {
                worker.stalledFor(properties.stallTimeout()).ifPresent(stalled -> {
                    // the check and the replacement are one step: a worker that moved on meanwhile keeps its thread
                    if (!worker.replaceStuckThread(stalled)) {
                        return;
                    }
                    String reason = "stalled in " + stalled.phase() + ": no progress for "
                            + properties.stallTimeout().toString().substring(2).toLowerCase(Locale.ROOT);
                    log.error("Run {} on worker {} {}; the worker moves on to the next run", stalled.runId(),
                            worker.id(), reason);
                    active.abandoned(new RunClaim(stalled.runId(), worker.id()));
                    queue.finish(stalled.runId(), worker.id(), RunStatus.FAILED, reason);
                });
            } catch (RuntimeException e) {
                log.warn("Watching worker {} for stalls failed; trying again at the next heartbeat", worker.id(), e);
            }
        }
    }

    private void reap() {
        try {
            int reaped = queue.reapExpiredLeases(properties.maxAttempts());
            if (reaped > 0) {
                log.warn("Took back {} run(s) whose worker stopped renewing its lease", reaped);
            }
            registry.forgetSilentSince(FORGET_WORKERS_AFTER);
            int abandoned = queue.deleteAbandonedCheckpoints(ABANDONED_CHECKPOINT_AGE);
            if (abandoned > 0) {
                log.info("Deleted {} checkpoint(s) written but never made current", abandoned);
            }
        } catch (RuntimeException e) {
            log.warn("Reaping expired leases failed; trying again in {}", properties.reapEvery(), e);
        }
    }

    private static String instanceName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + ":" + ManagementFactory.getRuntimeMXBean().getPid();
    }
}
