package dev.initlab.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.initlab.experiment.DeviceNames;
import org.junit.jupiter.api.Test;

class WorkerDeviceTest {

    @Test
    void autoGivesEveryGpu() {
        assertThat(WorkerDevice.resolve("auto", 2)).extracting(WorkerDevice::name).containsExactly("gpu0", "gpu1");
    }

    @Test
    void autoWithoutGpuGivesTheCpu() {
        assertThat(WorkerDevice.resolve("auto", 0)).extracting(WorkerDevice::name).containsExactly("cpu");
    }

    @Test
    void explicitListIsTakenAsIs() {
        assertThat(WorkerDevice.resolve("gpu1, cpu", 2)).extracting(WorkerDevice::name).containsExactly("gpu1", "cpu");
    }

    @Test
    void gpuThatDjlDoesNotSeeOrADeviceNamedTwiceIsRefused() {
        assertThatThrownBy(() -> WorkerDevice.resolve("gpu0", 0)).hasMessageContaining("DJL sees 0 GPU");
        assertThatThrownBy(() -> WorkerDevice.resolve("tpu", 0)).hasMessageContaining("not a worker device");
        assertThatThrownBy(() -> WorkerDevice.resolve("cpu,cpu", 0)).hasMessageContaining("runs-per-device");
    }

    @Test
    void aSpecMayAskForAnyGpuButAWorkerIsBoundToOne() {
        assertThat("gpu").matches(DeviceNames.REQUESTABLE).doesNotMatch(DeviceNames.ONE_DEVICE);
        assertThat(new WorkerDevice("gpu1").takes("gpu")).isTrue();
        assertThat(new WorkerDevice("cpu").takes("gpu")).isFalse();
        assertThatThrownBy(() -> WorkerDevice.resolve("gpu", 1)).hasMessageContaining("not a worker device");
    }

    @Test
    void etaCountsTheRestOfThisEpochAndTheEpochsLeft() {
        assertThat(Eta.secondsLeft(3, 0, 5, 10, 64, 64, 0)).isEqualTo(5 + 2 * 10);
        assertThat(Eta.secondsLeft(3, 1, 0, 10, 64, 64, 12)).isEqualTo(10 + 12);
        assertThat(Eta.secondsLeft(3, 2, 10, 10, 64, 0, 12)).isZero();
    }
}
