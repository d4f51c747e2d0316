package dev.initlab.queue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;
import dev.initlab.experiment.RunMemory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

import static dev.initlab.experiment.RunMemory.gigabytes;

/**
 * Each device's share per run, read once at start, before this instance's workers take anything:
 * {@code initlab.worker.memory-per-run} where it is set; else 80 % of this machine's memory on the CPU,
 * or 80 % of the card's free memory (cudaMemGetInfo through DJL's {@link CudaUtils}) on a GPU, divided
 * by the runs that train there at once.
 */
@Component
class DeviceRunMemory implements RunMemory {

    private static final Logger log = LoggerFactory.getLogger(DeviceRunMemory.class);

    private final Map<WorkerDevice, Share> shares = new LinkedHashMap<>();

    @Autowired
    DeviceRunMemory(WorkerProperties properties, @Value("${initlab.worker.memory-per-run:}") DataSize configured) {
        this(properties, configured, CudaUtils.getGpuCount(), DeviceRunMemory::cardMemory, physicalMemory());
    }

    /** {@code cards} answers a GPU's memory: used (by every process) and total, as {@link MemoryUsage}. */
    DeviceRunMemory(WorkerProperties properties, DataSize configured, int gpuCount, IntFunction<MemoryUsage> cards,
                    long machineBytes) {
        for (WorkerDevice device : devices(properties, gpuCount)) {
            int runs = properties.runsOn(device);
            String where = device.equals(WorkerDevice.CPU) ? "the CPU" : device.name();
            if (configured != null) {
                shares.put(device, new Share(configured.toBytes(), String.format("a worker on %s has %s per run "
                        + "(initlab.worker.memory-per-run)", where, gigabytes(configured.toBytes()))));
            } else if (device.equals(WorkerDevice.CPU)) {
                long bytes = machineBytes * 4 / 5 / runs;
                shares.put(device, new Share(bytes, String.format("a worker on the CPU has %s per run (80 %% of this "
                                + "machine's %s ÷ %d runs at once; initlab.worker.memory-per-run)", gigabytes(bytes),
                        gigabytes(machineBytes), runs)));
            } else {
                cardShare(device, runs, cards).ifPresent(share -> shares.put(device, share));
            }
        }
    }

    @Override
    public Optional<Share> shareFor(String requestedDevice) {
        return shares.entrySet().stream().filter(entry -> entry.getKey().takes(requestedDevice))
                .map(Map.Entry::getValue).min(Comparator.comparingLong(Share::bytes));
    }

    private static Optional<Share> cardShare(WorkerDevice device, int runs, IntFunction<MemoryUsage> cards) {
        try {
            MemoryUsage card = cards.apply(device.gpuIndex());
            long free = card.getMax() - card.getUsed();
            long bytes = free * 4 / 5 / runs;
            return Optional.of(new Share(bytes, String.format("a worker on %s has %s per run (80 %% of the %s free "
                            + "of its %s when this instance started ÷ %d runs at once; initlab.worker.memory-per-run)",
                    device.name(), gigabytes(bytes), gigabytes(free), gigabytes(card.getMax()), runs)));
        } catch (RuntimeException e) {
            log.warn("Cannot read the memory of {}: batches are not checked against it ({})", device.name(), e.toString());
            return Optional.empty();
        }
    }

    /** The devices the workers would use; none where the setting names a GPU this machine lacks (the pool says so). */
    private static List<WorkerDevice> devices(WorkerProperties properties, int gpuCount) {
        try {
            return WorkerDevice.resolve(properties.devices(), gpuCount);
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    private static MemoryUsage cardMemory(int gpu) {
        return CudaUtils.getGpuMemory(Device.gpu(gpu));
    }

    private static long physicalMemory() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
    }
}
