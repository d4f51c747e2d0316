package dev.initlab.api;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import dev.initlab.experiment.StoredEpochs;

/** Long-format CSV, one row per run and epoch, ready for {@code pandas.read_csv}; written as rows arrive. */
final class MetricsCsv {

    static final String HEADER = "experiment_id,run_id,variant,bn2_gamma,seed,epoch,train_loss,valid_loss,accuracy,seconds";

    private MetricsCsv() {
    }

    static void write(UUID experimentId, StoredEpochs epochs, OutputStream out) throws IOException {
        Writer csv = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        csv.write(HEADER + "\n");
        try {
            epochs.forEach(experimentId, epoch -> {
                try {
                    csv.write(experimentId + "," + epoch.runId() + "," + field(epoch.variant()) + ","
                            + epoch.bn2Gamma() + "," + epoch.seed() + "," + epoch.epoch() + "," + epoch.trainLoss()
                            + "," + epoch.validLoss() + "," + epoch.accuracy() + "," + epoch.seconds() + "\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        csv.flush();
    }

    /** RFC 4180 quoting, and a leading quote mark for text a spreadsheet would run as a formula. */
    private static String field(String text) {
        String safe = text.matches("^[=+\\-@\t\r].*") ? "'" + text : text;
        if (safe.matches(".*[\",\r\n].*") || !safe.equals(text)) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }
}
