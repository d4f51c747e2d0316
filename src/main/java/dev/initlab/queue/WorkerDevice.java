package dev.initlab.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A device one worker thread is bound to for its whole life: {@code cpu} or {@code gpuN}. */
public record WorkerDevice(String name) {

    public WorkerDevice {
        if (!name.matches("cpu|gpu[0-9]{1,2}")) {
            throw new IllegalArgumentException("not a worker device: '" + name + "' (use cpu or gpuN)");
        }
    }

    public String kind() {
        return name.equals("cpu") ? "cpu" : "gpu";
    }

    public int gpuIndex() {
        return name.equals("cpu") ? -1 : Integer.parseInt(name.substring(3));
    }

    /**
     * The workers a setting asks for: {@code auto} gives one per GPU, or {@code cpuWorkers} CPU
     * workers where there is none; a list gives one worker per entry ({@code cpu} may repeat).
     */
    public static List<WorkerDevice> resolve(String setting, int gpuCount, int cpuWorkers) {
        List<WorkerDevice> devices = new ArrayList<>();
        if (setting.strip().equalsIgnoreCase("auto")) {
            for (int gpu = 0; gpu < gpuCount; gpu++) {
                devices.add(new WorkerDevice("gpu" + gpu));
            }
            if (devices.isEmpty()) {
                for (int i = 0; i < cpuWorkers; i++) {
                    devices.add(new WorkerDevice("cpu"));
                }
            }
            return devices;
        }
        for (String entry : setting.split(",")) {
            WorkerDevice device = new WorkerDevice(entry.strip().toLowerCase(Locale.ROOT));
            if (device.gpuIndex() >= gpuCount) {
                throw new IllegalArgumentException("initlab.worker.devices names " + device.name()
                        + " but DJL sees " + gpuCount + " GPU(s)");
            }
            devices.add(device);
        }
        return devices;
    }
}
