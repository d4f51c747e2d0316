package dev.initlab.training.data;

/** SplitMix64 mixing: turns a few small numbers (a seed, an epoch, an index) into a well-spread long. */
public final class SplitMix {

    private SplitMix() {
    }

    public static long mix(long value) {
        long z = value + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public static long mix(long first, long second) {
        return mix(mix(first) ^ second);
    }
}
