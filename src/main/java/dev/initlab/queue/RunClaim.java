package dev.initlab.queue;

import java.util.UUID;

/**
 * One worker's hold on one run. A run can come back to the same instance under another worker while a
 * thread of its earlier holder is still about (a frozen instance that thaws), so what the workers know of
 * a run is kept per claim, never per run alone.
 */
public record RunClaim(UUID runId, String workerId) {
}
