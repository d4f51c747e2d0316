package dev.initlab.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void etaCountsTheRestOfThisEpochAndTheEpochsLeft() {
        assertThat(Eta.secondsLeft(3, 0, 5, 10, 64, 64, 0)).isEqualTo(5 + 2 * 10);
        assertThat(Eta.secondsLeft(3, 1, 0, 10, 64, 64, 12)).isEqualTo(10 + 12);
        assertThat(Eta.secondsLeft(3, 2, 10, 10, 64, 0, 12)).isZero();
    }
}
