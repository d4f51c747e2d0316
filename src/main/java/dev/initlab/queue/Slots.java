package dev.initlab.queue;

import java.util.List;
import java.util.function.Supplier;

/**
 * The worker slots (one per worker thread) that would train an experiment's runs: the live workers
 * that take them, or, when none does, the slots this instance is configured with ({@code live} false).
 */
record Slots(List<WorkerDevice> devices, boolean live) {

    /** @param liveWorkers one device per live worker thread, of any instance */
    static Slots choose(String requestedDevice, List<WorkerDevice> liveWorkers,
                        Supplier<List<WorkerDevice>> configured) {
        List<WorkerDevice> taking = liveWorkers.stream().filter(device -> device.takes(requestedDevice)).toList();
        return taking.isEmpty() ? new Slots(configured.get(), false) : new Slots(taking, true);
    }

    int count() {
        return devices.size();
    }

    /** The kind most slots are: the device kind whose past runs tell how fast these will be. */
    String kind() {
        long gpus = devices.stream().filter(device -> device.kind().equals("gpu")).count();
        return gpus * 2 > devices.size() ? "gpu" : "cpu";
    }

    /** Whether a queued run of an experiment that asks for {@code experimentDevice} competes for these slots. */
    boolean take(String experimentDevice) {
        return devices.stream().anyMatch(device -> device.takes(experimentDevice));
    }

    /** Whether a run training on {@code runDevice} holds one of these slots. */
    boolean hold(String runDevice) {
        return devices.stream().anyMatch(device -> device.name().equals(runDevice));
    }
}
