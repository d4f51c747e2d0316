package dev.initlab.queue;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import ai.djl.engine.Engine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This instance's share of the queue: one worker thread per device, a heartbeat that renews the
 * leases of the runs they hold, and a reaper that returns other instances' expired runs to the queue.
 * The reaper runs on every instance, web-only ones too, so a dead worker's runs always come back.
 */
@Component
public class WorkerPool implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);
    private static final Duration FORGET_WORKERS_AFTER = Duration.ofMinutes(10);

    private final WorkerProperties properties;
    private final RunQueue queue;
    private final WorkerRegistry registry;
    private final RunExecutor executor;
    private final String instance = instanceName();
    private final ActiveRuns active = new ActiveRuns();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final List<Worker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private ScheduledExecutorService housekeeping;
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
        housekeeping = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "queue-housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        housekeeping.scheduleWithFixedDelay(this::reap, 0, properties.reapEvery().toMillis(), TimeUnit.MILLISECONDS);
        if (properties.enabled()) {
            startWorkers();
            housekeeping.scheduleWithFixedDelay(this::heartbeat, properties.heartbeat().toMillis(),
                    properties.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
        } else {
            log.info("Workers disabled (initlab.worker.enabled=false): this instance serves the web only");
        }
        running = true;
    }

    private void startWorkers() {
        int gpus = Engine.getInstance().getGpuCount();
        List<WorkerDevice> devices = WorkerDevice.resolve(properties.devices(), gpus, properties.cpuWorkers());
        log.info("Starting {} worker(s) on {} (DJL sees {} GPU(s)); instance {}", devices.size(),
                devices.stream().map(WorkerDevice::name).toList(), gpus, instance);
        for (int i = 0; i < devices.size(); i++) {
            WorkerDevice device = devices.get(i);
            Worker worker = new Worker(instance + "/" + device.name() + "-" + i, device, queue, executor, properties,
                    active, stopping, registry);
            registry.register(worker.id(), instance, device);
            Thread thread = new Thread(worker, "worker-" + device.name() + "-" + i);
            workers.add(worker);
            threads.add(thread);
            thread.start();
        }
    }

    /** Runs being trained go back to the queue at once; the threads get a while to reach their next batch. */
    @Override
    public synchronized void stop() {
        stopping.set(true);
        for (Thread thread : threads) {
            try {
                thread.join(STOP_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
        workers.clear();
        housekeeping.shutdownNow();
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
            Set<UUID> runIds = active.runIds();
            active.renewed(runIds, queue.renewLeases(runIds, instance, properties.lease()));
        } catch (RuntimeException e) {
            log.warn("Heartbeat failed; leases will be renewed at the next one", e);
        }
    }

    private void reap() {
        try {
            int reaped = queue.reapExpiredLeases(properties.maxAttempts());
            if (reaped > 0) {
                log.warn("Took back {} run(s) whose worker stopped renewing its lease", reaped);
            }
            registry.forgetSilentSince(FORGET_WORKERS_AFTER);
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
