package dev.initlab.experiment;

/** A run's accuracy at its last stored epoch, and its best. */
public record RunAccuracy(double finalAccuracy, double bestAccuracy) {
}
