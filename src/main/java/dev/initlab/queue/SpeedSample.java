package dev.initlab.queue;

import java.util.Optional;

/**
 * How fast one finished run trained: seconds per image unit (see {@link EpochImages#imageUnits()}) over
 * its epochs, and the seconds it spent outside them (preparing data, building the model, checkpoints).
 */
record SpeedSample(String head, int imageSize, double secondsPerImageUnit, double overheadSeconds) {

    /**
     * @param epochSeconds the stored epochs' seconds, together
     * @param runSeconds   from its (last) claim to its end; a resumed run's may be shorter than its epochs
     */
    static Optional<SpeedSample> of(Workload workload, EpochImages images, int epochsStored, double epochSeconds,
                                    double runSeconds) {
        double units = epochsStored * images.imageUnits();
        if (units <= 0) {
            return Optional.empty();
        }
        return Optional.of(new SpeedSample(workload.head(), workload.imageSize(), epochSeconds / units,
                Math.max(0, runSeconds - epochSeconds)));
    }
}
