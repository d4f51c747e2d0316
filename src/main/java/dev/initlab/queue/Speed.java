package dev.initlab.queue;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The measured speed an estimate rests on: the median over finished runs with the same head at the
 * image size nearest to the one asked for (by ratio), scaled by pixels (size²) when the sizes differ.
 * Medians, because a deployment's first run also pays for warming up and caching its data.
 *
 * @param secondsPerImageUnit already scaled to {@code imageSize}
 * @param overheadSeconds     per run, not scaled: mostly model building, which the image size barely changes
 */
record Speed(int imageSize, int measuredSize, int runs, double secondsPerImageUnit, double overheadSeconds) {

    static Optional<Speed> at(String head, int imageSize, List<SpeedSample> samples) {
        List<SpeedSample> sameHead = samples.stream().filter(sample -> sample.head().equals(head)).toList();
        Optional<Integer> nearest = sameHead.stream().map(SpeedSample::imageSize).distinct()
                .min(Comparator.comparingDouble((Integer size) -> Math.abs(Math.log((double) size / imageSize)))
                        .thenComparing(Comparator.naturalOrder()));
        return nearest.map(size -> {
            List<SpeedSample> measured = sameHead.stream().filter(sample -> sample.imageSize() == size).toList();
            double pixelRatio = Math.pow((double) imageSize / size, 2);
            return new Speed(imageSize, size, measured.size(),
                    median(measured.stream().mapToDouble(SpeedSample::secondsPerImageUnit).toArray()) * pixelRatio,
                    median(measured.stream().mapToDouble(SpeedSample::overheadSeconds).toArray()));
        });
    }

    double runSeconds(int epochs, EpochImages images) {
        return overheadSeconds + epochs * images.imageUnits() * secondsPerImageUnit;
    }

    /** "based on 12 finished CPU runs at 32 px", or "scaled by pixels from 3 finished GPU runs at 64 px". */
    String basis(String deviceKind) {
        String runsAt = runs + " finished " + deviceKind.toUpperCase(Locale.ROOT) + " run" + (runs == 1 ? "" : "s")
                + " at " + measuredSize + " px";
        return (measuredSize == imageSize ? "based on " : "scaled by pixels from ") + runsAt;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
