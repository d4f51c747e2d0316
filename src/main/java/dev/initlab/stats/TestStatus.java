package dev.initlab.stats;

/** Whether a t-test could be computed, and if not, why. */
public enum TestStatus {
    TESTABLE,
    /** Fewer than two values on a side (Welch) or fewer than two pairs (paired). */
    TOO_FEW_SEEDS,
    /** Every value equal on both sides (Welch) or every paired difference equal: no standard error. */
    NO_VARIATION
}
