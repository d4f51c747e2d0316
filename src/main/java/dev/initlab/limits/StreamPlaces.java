package dev.initlab.limits;

import java.util.HashMap;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * The places for live-progress streams: at most {@code initlab.limits.progress-streams} on this instance, of which
 * one client holds at most {@code progress-streams-per-client}, so that no client can take every place. A place
 * is taken before a stream opens, in one step with both checks, so a burst never opens more than the limits.
 */
@Component
public class StreamPlaces {

    private final int limit;
    private final int perClient;
    private final Map<String, Integer> takenByClient = new HashMap<>();
    private int taken;

    public StreamPlaces(LimitsProperties limits) {
        this.limit = limits.progressStreams();
        this.perClient = limits.progressStreamsPerClient();
    }

    /**
     * Takes a place for {@code client}, or refuses with 429 when the client holds its share already, else with 503
     * when every place is taken.
     */
    public synchronized void take(String client) {
        if (takenByClient.getOrDefault(client, 0) >= perClient) {
            throw LimitExceededException.tooManyStreamsForClient(perClient);
        }
        if (taken >= limit) {
            throw LimitExceededException.tooManyStreams(limit);
        }
        taken++;
        takenByClient.merge(client, 1, Integer::sum);
    }

    /** Gives back a place that {@code client} took; once per place taken. */
    public synchronized void giveBack(String client) {
        taken--;
        takenByClient.computeIfPresent(client, (holder, places) -> places == 1 ? null : places - 1);
    }

    /** Places taken, over every client. */
    public synchronized int taken() {
        return taken;
    }
}
