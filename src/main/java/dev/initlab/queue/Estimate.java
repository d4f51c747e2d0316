package dev.initlab.queue;

/**
 * How long an experiment would take if it were submitted now.
 *
 * @param runs                variants × seeds
 * @param trainImagesPerEpoch training images each run goes through per epoch (last partial batch dropped);
 *                            null when they cannot be counted
 * @param validImagesPerEpoch validation images each run scores per epoch; null when they cannot be counted
 * @param estimatedSeconds    from submitting until the last run ends; null when there is no basis
 * @param runSeconds          one run alone, preparation included; null when there is no basis
 * @param queueAheadSeconds   until the first run would start, behind the runs queued and training ahead
 * @param deviceKind          cpu or gpu: the kind of worker that would train the runs
 * @param workers             worker slots (runs trained at once) that would take the runs
 * @param workersLive         false when no live worker takes them and this instance's configuration is assumed
 * @param basedOnRuns         finished runs whose speed the estimate rests on
 * @param basis               in words: what the estimate rests on, or why there is none
 * @param sequential          for a sequential spec, its expected and largest time; null for a fixed design,
 *                            where estimatedSeconds is the whole time
 */
public record Estimate(int runs, Integer trainImagesPerEpoch, Integer validImagesPerEpoch, Double estimatedSeconds,
                       Double runSeconds, Double queueAheadSeconds, String deviceKind, int workers,
                       boolean workersLive, int basedOnRuns, String basis, SequentialEstimate sequential) {
}
