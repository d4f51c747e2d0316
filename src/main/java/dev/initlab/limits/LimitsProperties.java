package dev.initlab.limits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * What one user can ask of this instance, so that nobody fills the queue, the memory or the threads of a
 * shared server by mistake. Each request over a limit is refused with {@link LimitExceededException}.
 *
 * @param runsPerExperiment the most runs (variants × seeds) one experiment may queue
 * @param queuedRunEpochs   the most epochs still to train over every queued and running run, the new
 *                          experiment's included
 * @param maxRequestBody    the largest request body, JSON or form; Tomcat's form and swallow limits follow it
 * @param progressStreams   the most live-progress streams this instance keeps open at once
 * @param progressStreamsPerClient the most of those that one client (a signed-in user, else an address) holds
 */
@ConfigurationProperties("initlab.limits")
public record LimitsProperties(
        int runsPerExperiment,
        long queuedRunEpochs,
        DataSize maxRequestBody,
        int progressStreams,
        int progressStreamsPerClient) {

    static final String PREFIX = "initlab.limits.";

    public LimitsProperties {
        requirePositive("runs-per-experiment", runsPerExperiment);
        requirePositive("queued-run-epochs", queuedRunEpochs);
        requirePositive("progress-streams", progressStreams);
        requirePositive("progress-streams-per-client", progressStreamsPerClient);
        if (maxRequestBody == null) {
            throw new IllegalArgumentException(PREFIX + "max-request-body must be set");
        }
        requirePositive("max-request-body", maxRequestBody.toBytes());
        // Tomcat counts form and swallowed bodies in an int, and a body of unknown length is read into one array
        if (maxRequestBody.toBytes() >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException(PREFIX + "max-request-body must be less than 2GB");
        }
    }

    private static void requirePositive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(PREFIX + name + " must be at least 1, not " + value);
        }
    }
}
