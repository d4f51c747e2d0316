package dev.initlab.experiment;

/**
 * The one definition of device names. A worker trains on one device; an experiment asks for one
 * device or for a kind of device, and any worker whose device fits may claim its runs.
 */
public final class DeviceNames {

    /** One device: the CPU, or the GPU with that index as DJL numbers them. */
    public static final String ONE_DEVICE = "cpu|gpu[0-9]{1,2}";

    /**
     * What a spec may ask for: {@code auto} (any device), {@code gpu} (any GPU) or one device. The
     * {@code runs.device} CHECK of migration V1 accepts the same names.
     */
    public static final String REQUESTABLE = "auto|gpu|" + ONE_DEVICE;

    private DeviceNames() {
    }
}
