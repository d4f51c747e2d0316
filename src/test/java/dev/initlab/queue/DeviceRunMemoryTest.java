package dev.initlab.queue;

import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.function.IntFunction;

import dev.initlab.experiment.RunMemory.Share;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceRunMemoryTest {

    private static final long GB = 1_000_000_000L;
    private static final long MACHINE = 24 * GB;
    /** gpu0: 80 GB, 8 GB in use by other processes; gpu1: 16 GB, 6 GB in use. */
    private static final IntFunction<MemoryUsage> TWO_CARDS = gpu -> gpu == 0
            ? new MemoryUsage(-1, 8 * GB, 8 * GB, 80 * GB)
            : new MemoryUsage(-1, 6 * GB, 6 * GB, 16 * GB);

    private static WorkerProperties workers(String devices, Integer runsPerDevice) {
        return new WorkerProperties(true, devices, runsPerDevice, 0, Duration.ofSeconds(60), Duration.ofSeconds(10), 3,
                Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ZERO, Duration.ofMinutes(15), Duration.ofMinutes(10));
    }

    @Test
    void aGpuRunGetsEightyPercentOfItsCardsFreeMemoryDividedByTheRunsThere() {
        DeviceRunMemory memory = new DeviceRunMemory(workers("auto", null), null, 2, TWO_CARDS, MACHINE);

        Share gpu0 = memory.shareFor("gpu0").orElseThrow();
        assertThat(gpu0.bytes()).isEqualTo(72 * GB * 4 / 5 / WorkerProperties.DEFAULT_RUNS_PER_GPU);
        assertThat(gpu0.source()).isEqualTo("a worker on gpu0 has 14.4 GB per run (80 % of the 72.0 GB free of its "
                + "80.0 GB when this instance started ÷ 4 runs at once; initlab.worker.memory-per-run)");
    }

    @Test
    void anyGpuOrAutoIsHeldToTheSmallestShare() {
        DeviceRunMemory memory = new DeviceRunMemory(workers("auto", null), null, 2, TWO_CARDS, MACHINE);

        assertThat(memory.shareFor("gpu").orElseThrow().source()).startsWith("a worker on gpu1 has 2.0 GB per run");
        assertThat(memory.shareFor("auto").orElseThrow().bytes()).isEqualTo(2 * GB);
        assertThat(memory.shareFor("cpu")).as("auto trains on the GPUs alone where there are some").isEmpty();
    }

    @Test
    void theCpuShareComesFromTheMachinesMemoryNotACard() {
        DeviceRunMemory memory = new DeviceRunMemory(workers("auto", null), null, 0, TWO_CARDS, MACHINE);

        assertThat(memory.shareFor("auto").orElseThrow().source()).isEqualTo("a worker on the CPU has 9.6 GB per run "
                + "(80 % of this machine's 24.0 GB ÷ 2 runs at once; initlab.worker.memory-per-run)");
    }

    @Test
    void runsPerDeviceAndMemoryPerRunOverrideTheDefaults() {
        DeviceRunMemory perDevice = new DeviceRunMemory(workers("gpu1", 1), null, 2, TWO_CARDS, MACHINE);
        DeviceRunMemory configured = new DeviceRunMemory(workers("gpu0,cpu", null), DataSize.ofGigabytes(3), 2,
                TWO_CARDS, MACHINE);

        assertThat(perDevice.shareFor("gpu").orElseThrow().bytes()).isEqualTo(8 * GB);
        assertThat(configured.shareFor("gpu0").orElseThrow().source())
                .isEqualTo("a worker on gpu0 has 3.2 GB per run (initlab.worker.memory-per-run)");
        assertThat(configured.shareFor("cpu").orElseThrow().bytes()).isEqualTo(DataSize.ofGigabytes(3).toBytes());
    }

    @Test
    void aCardThatCannotBeReadOrIsMissingChecksNothing() {
        IntFunction<MemoryUsage> broken = gpu -> {
            throw new IllegalStateException("No GPU device detected.");
        };

        assertThat(new DeviceRunMemory(workers("auto", null), null, 1, broken, MACHINE).shareFor("gpu0")).isEmpty();
        assertThat(new DeviceRunMemory(workers("gpu3", null), null, 1, TWO_CARDS, MACHINE).shareFor("gpu3")).isEmpty();
    }
}
