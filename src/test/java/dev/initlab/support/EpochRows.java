package dev.initlab.support;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/** A run's epochs as the API returns them, reduced to what must repeat exactly: no times. */
public final class EpochRows {

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
}
