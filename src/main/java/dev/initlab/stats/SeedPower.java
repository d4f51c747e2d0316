package dev.initlab.stats;

import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * What the paired seeds of one variant against the baseline can resolve at the primary endpoint, and how
 * many it would take to resolve {@code smallestDifference}: a two-sided paired t-test at α = 0.05 with
 * 80 % power ({@link PairedPower#CONVENTIONAL}), planned with the conservative {@code sdDifferenceUpper} rather than
 * the sd the pairs happened to show. Numbers are null with fewer than 2 pairs, or when the differences
 * do not vary.
 *
 * @param pairs                       seeds that both variants have reached the epoch with
 * @param sdDifference                sample sd of the paired differences (accuracy as a fraction)
 * @param sdDifferenceUpper           its one-sided 80 % upper confidence limit (chi-square)
 * @param minimumDetectableDifference the smallest true difference found with 80 % power with these pairs
 * @param pairsNeeded                 pairs that reach 80 % power for {@code smallestDifference}
 * @param morePairsNeeded             pairs still to add for that: {@code pairsNeeded − pairs}, at least 0
 */
public record SeedPower(int epoch, int pairs, double smallestDifference, Double sdDifference, Double sdDifferenceUpper,
                        Double minimumDetectableDifference, Integer pairsNeeded, Integer morePairsNeeded,
                        String sentence) {

    /** {@code variantA} against {@code variantB} at {@code epoch}, paired by seed. */
    static SeedPower of(RunTable table, String variantA, String variantB, int epoch, double smallestDifference) {
        return of(table.pairedAccuracyDifferences(variantA, variantB, epoch), epoch, smallestDifference);
    }

    /** From the paired differences (A − B) of accuracy at {@code epoch}. */
    public static SeedPower of(double[] differences, int epoch, double smallestDifference) {
        int pairs = differences.length;
        String points = Verdict.points(smallestDifference);
        String smallest = points + (points.equals("1.0") ? " point" : " points");
        if (pairs < 2) {
            return new SeedPower(epoch, pairs, smallestDifference, null, null, null, null, null, String.format(Locale.ROOT,
                    "With %d paired seed%s the spread between seeds is unknown: how many seeds resolve %s shows "
                            + "from 2 pairs on.", pairs, pairs == 1 ? "" : "s", smallest));
        }
        double sd = PairedPower.sdDifference(differences);
        if (sd == 0) {
            return new SeedPower(epoch, pairs, smallestDifference, sd, null, null, null, null, String.format(Locale.ROOT,
                    "The %d paired differences are all equal: the spread between seeds, and so the seeds needed, "
                            + "cannot be estimated yet.", pairs));
        }
        double upper = PairedPower.sdDifferenceUpper(sd, pairs);
        double detectable = PairedPower.CONVENTIONAL.minimumDetectableDifference(upper, pairs);
        String resolves = String.format(Locale.ROOT, "With %d paired seeds this experiment resolves differences of %s "
                + "points or more (80 %% power).", pairs, Verdict.points(detectable));
        OptionalInt needed = PairedPower.CONVENTIONAL.pairsNeeded(smallestDifference, upper);
        if (needed.isEmpty()) {
            return new SeedPower(epoch, pairs, smallestDifference, sd, upper, detectable, null, null, String.format(
                    Locale.ROOT, "%s Resolving %s would take more than %,d paired seeds.", resolves, smallest,
                    PairedPower.MAX_PAIRS));
        }
        int more = Math.max(0, needed.getAsInt() - pairs);
        String sentence = String.format(Locale.ROOT, "%s To resolve %s you need about %d paired seeds: %s.", resolves,
                smallest, needed.getAsInt(), more == 0 ? "it has enough" : more + " more");
        return new SeedPower(epoch, pairs, smallestDifference, sd, upper, detectable, needed.getAsInt(), more, sentence);
    }

    /** Each of {@code others} against {@code baseline} at {@code epoch}. */
    public static List<SeedPower> againstBaseline(List<RunSeries> runs, String baseline, List<String> others, int epoch,
                                                  double smallestDifference) {
        RunTable table = new RunTable(runs);
        return others.stream().map(other -> of(table, other, baseline, epoch, smallestDifference)).toList();
    }
}
