package dev.initlab.queue;

import dev.initlab.training.data.SplitSizes;

/**
 * The images one epoch of a run goes through: the training split less its last partial batch (dropped,
 * as fastai does), and the whole validation split.
 */
record EpochImages(int train, int valid) {

    static EpochImages of(SplitSizes sizes, int batchSize) {
        return new EpochImages(sizes.train() / batchSize * batchSize, sizes.valid());
    }

    /**
     * The epoch's work in training-image units. Validation is a forward pass only, and a training step
     * (forward, backward, optimizer) costs about three forward passes, so a validation image counts a third.
     */
    double imageUnits() {
        return train + valid / 3.0;
    }
}
