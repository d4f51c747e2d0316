package dev.initlab.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/** A run's epochs as the API returns them, reduced to what must repeat: no times. */
public final class EpochRows {

    /**
     * How far a run continued in another process may stray from one trained straight through. In one
     * process the numbers repeat bit for bit (RunTrainerTest); across processes they did in every run
     * but one, under a full test suite's load, where the resumed epochs differed by at most 2.3e-7.
     */
    public static final double ACROSS_PROCESSES = 1e-6;

    private EpochRows() {
    }

    /** Per epoch: train_loss, its plain mean, valid_loss and accuracy. */
    public static List<List<Double>> numbers(JsonNode epochs) {
        List<List<Double>> rows = new ArrayList<>();
        for (JsonNode epoch : epochs) {
            rows.add(List.of(epoch.get("trainLoss").asDouble(), epoch.get("trainLossMean").asDouble(),
                    epoch.get("validLoss").asDouble(), epoch.get("accuracy").asDouble()));
        }
        return rows;
    }

    /** Asserts that two runs' epochs agree to {@code tolerance}, and prints whether they agree bit for bit. */
    public static void assertSameNumbers(JsonNode actual, JsonNode expected, double tolerance) {
        List<List<Double>> got = numbers(actual);
        List<List<Double>> wanted = numbers(expected);
        assertThat(got).hasSameSizeAs(wanted);
        for (int epoch = 0; epoch < got.size(); epoch++) {
            for (int metric = 0; metric < got.get(epoch).size(); metric++) {
                assertThat(got.get(epoch).get(metric)).as("epoch %d, metric %d of %s", epoch, metric, got)
                        .isCloseTo(wanted.get(epoch).get(metric), within(tolerance));
            }
        }
        System.out.println("resumed run against the straight run: " + (got.equals(wanted) ? "bit-identical"
                : "within " + tolerance + " but not bit-identical: " + got + " vs " + wanted));
    }
}
