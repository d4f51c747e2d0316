package dev.initlab.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import dev.initlab.training.data.SplitSizes;
import org.junit.jupiter.api.Test;

/** The time estimate's arithmetic, without Spring or a database. */
class EstimateArithmeticTest {

    private static final Workload FASHION_32 = new Workload("fashion-mnist", 32, 3, 64, "fastai", 4000, 2000);

    @Test
    void anEpochDropsTheLastPartialTrainingBatchAndCountsAValidationImageAsAThird() {
        EpochImages images = EpochImages.of(new SplitSizes(4000, 2000), 64);

        assertThat(images.train()).isEqualTo(3968);
        assertThat(images.valid()).isEqualTo(2000);
        assertThat(images.imageUnits()).isCloseTo(3968 + 2000 / 3.0, within(1e-9));
    }

    @Test
    void aSampleIsSecondsPerImageUnitOverItsEpochsAndTheRestOfItsRunAsOverhead() {
        EpochImages images = new EpochImages(300, 300);

        SpeedSample sample = SpeedSample.of(FASHION_32, images, 2, 80.0, 95.0).orElseThrow();

        assertThat(sample.secondsPerImageUnit()).isCloseTo(80.0 / (2 * 400), within(1e-12));
        assertThat(sample.overheadSeconds()).isEqualTo(15.0);
        assertThat(SpeedSample.of(FASHION_32, images, 2, 80.0, 70.0).orElseThrow().overheadSeconds())
                .as("a resumed run's last attempt is shorter than its epochs").isZero();
    }

    @Test
    void runsAtTheSameSizeGiveTheMedianSpeedUnscaled() {
        List<SpeedSample> samples = List.of(sample(32, 0.010, 4), sample(32, 0.030, 6), sample(32, 0.012, 5),
                sample(64, 0.050, 9));

        Speed speed = Speed.at("fastai", 32, samples).orElseThrow();

        assertThat(speed.secondsPerImageUnit()).isEqualTo(0.012);
        assertThat(speed.overheadSeconds()).isEqualTo(5);
        assertThat(speed.runs()).isEqualTo(3);
        assertThat(speed.basis("cpu")).isEqualTo("based on 3 finished CPU runs at 32 px");
        assertThat(speed.runSeconds(3, new EpochImages(900, 300))).isCloseTo(5 + 3 * 1000 * 0.012, within(1e-9));
    }

    @Test
    void anotherSizeIsScaledByPixelsFromTheNearestMeasuredSize() {
        List<SpeedSample> samples = List.of(sample(32, 0.01, 2), sample(128, 0.2, 3));

        Speed at64 = Speed.at("fastai", 64, List.of(sample(32, 0.01, 2))).orElseThrow();
        Speed at100 = Speed.at("fastai", 100, samples).orElseThrow();

        assertThat(at64.secondsPerImageUnit()).isCloseTo(0.04, within(1e-12));
        assertThat(at64.overheadSeconds()).isEqualTo(2);
        assertThat(at64.basis("gpu")).isEqualTo("scaled by pixels from 1 finished GPU run at 32 px");
        assertThat(at100.measuredSize()).as("128 is nearer to 100 than 32 by ratio").isEqualTo(128);
        assertThat(at100.secondsPerImageUnit()).isCloseTo(0.2 * 100 * 100 / (128.0 * 128), within(1e-12));
    }

    @Test
    void runsWithAnotherHeadAreNoBasis() {
        assertThat(Speed.at("linear", 32, List.of(sample(32, 0.01, 2)))).isEmpty();
        assertThat(Speed.at("fastai", 32, List.of())).isEmpty();
    }

    @Test
    void slotsTakeRunsInQueueOrderEachFromTheFirstFreeSlot() {
        double[] oneSlot = SlotSchedule.finishTimes(1, new double[]{10, 20, 30});
        double[] twoSlots = SlotSchedule.finishTimes(2, new double[]{10, 20, 30, 5});

        assertThat(oneSlot).containsExactly(10, 30, 60);
        assertThat(twoSlots).containsExactly(10, 20, 40, 25);
    }

    @Test
    void fewerRunsThanSlotsTakeOneRunsTimeNotAShareOfIt() {
        assertThat(SlotSchedule.finishTimes(4, new double[]{100, 100})).containsExactly(100, 100);
    }

    @Test
    void runsAheadDelayTheNewOnes() {
        // a training run with 50 s left, then a queued run of 40 s and another of 40 s ahead of two new runs of 30 s
        double[] finishes = SlotSchedule.finishTimes(2, new double[]{50, 40, 40, 30, 30});

        assertThat(finishes).containsExactly(50, 40, 80, 80, 110);
    }

    @Test
    void liveWorkersThatTakeTheRunsAreTheSlotsElseTheConfiguredOnes() {
        List<WorkerDevice> live = List.of(new WorkerDevice("cpu"), new WorkerDevice("gpu0"), new WorkerDevice("gpu0"),
                new WorkerDevice("gpu1"));
        List<WorkerDevice> configured = List.of(new WorkerDevice("gpu7"), new WorkerDevice("gpu7"));

        Slots auto = Slots.choose("auto", live, () -> configured);
        Slots gpu0 = Slots.choose("gpu0", live, () -> configured);
        Slots cpu = Slots.choose("cpu", live, () -> configured);
        Slots gpu7 = Slots.choose("gpu7", live, () -> configured);

        assertThat(auto.count()).isEqualTo(4);
        assertThat(auto.live()).isTrue();
        assertThat(auto.kind()).isEqualTo("gpu");
        assertThat(gpu0.count()).isEqualTo(2);
        assertThat(cpu.count()).isEqualTo(1);
        assertThat(cpu.kind()).isEqualTo("cpu");
        assertThat(gpu7.live()).isFalse();
        assertThat(gpu7.count()).isEqualTo(2);
    }

    @Test
    void slotsCompeteOnlyWithRunsTheirDevicesWouldTake() {
        Slots gpu0 = new Slots(List.of(new WorkerDevice("gpu0")), true);

        assertThat(gpu0.take("auto")).isTrue();
        assertThat(gpu0.take("gpu")).isTrue();
        assertThat(gpu0.take("gpu0")).isTrue();
        assertThat(gpu0.take("gpu9")).isFalse();
        assertThat(gpu0.take("cpu")).isFalse();
        assertThat(gpu0.hold("gpu0")).isTrue();
        assertThat(gpu0.hold("cpu")).isFalse();
    }

    private static SpeedSample sample(int imageSize, double secondsPerImageUnit, double overheadSeconds) {
        return new SpeedSample("fastai", imageSize, secondsPerImageUnit, overheadSeconds);
    }
}
