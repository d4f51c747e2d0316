package dev.initlab.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.initlab.experiment.DeviceNames;

/** A device that worker threads are bound to for their whole life: {@code cpu} or {@code gpuN}. */
public record WorkerDevice(String name) {

    public static final WorkerDevice CPU = new WorkerDevice("cpu");

    public WorkerDevice {
        if (!name.matches(DeviceNames.ONE_DEVICE)) {
            throw new IllegalArgumentException("not a worker device: '" + name + "' (use cpu or gpuN)");
        }
    }

    public String kind() {
        return name.equals("cpu") ? "cpu" : "gpu";
    }

    /**
     * Whether this device's workers take the runs of an experiment that asks for {@code requested}, as
     * {@link RunQueue#claim} does.
     */
    public boolean takes(String requested) {
        return requested.equals("auto") || requested.equals(kind()) || requested.equals(name);
    }

    public int gpuIndex() {
        return name.equals("cpu") ? -1 : Integer.parseInt(name.substring(3));
    }

    /**
     * The devices a setting asks for: {@code auto} gives every GPU DJL sees, or the CPU where there is
     * none; a list names each device once ({@code cpu}, {@code gpu0,gpu1}).
     */
    public static List<WorkerDevice> resolve(String setting, int gpuCount) {
        List<WorkerDevice> devices = new ArrayList<>();
        if (setting.strip().equalsIgnoreCase("auto")) {
            for (int gpu = 0; gpu < gpuCount; gpu++) {
                devices.add(new WorkerDevice("gpu" + gpu));
            }
            return devices.isEmpty() ? List.of(new WorkerDevice("cpu")) : devices;
        }
        for (String entry : setting.split(",")) {
            WorkerDevice device = new WorkerDevice(entry.strip().toLowerCase(Locale.ROOT));
            if (device.gpuIndex() >= gpuCount) {
                throw new IllegalArgumentException("initlab.worker.devices names " + device.name()
                        + " but DJL sees " + gpuCount + " GPU(s)");
            }
            if (devices.contains(device)) {
                throw new IllegalArgumentException("initlab.worker.devices names " + device.name()
                        + " twice; set initlab.worker.runs-per-device for several runs on one device");
            }
            devices.add(device);
        }
        return devices;
    }
}
