package dev.initlab.limits;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A request refused by one of the {@link LimitsProperties}, as the problem+json it answers: type
 * {@code /problems/limit-exceeded}, and properties {@code limit} (the property to raise), {@code allowed}
 * (its value) and {@code requested} (what this request asked for), with what is in use now where it counts.
 */
public class LimitExceededException extends ErrorResponseException {

    public static final URI TYPE = URI.create("/problems/limit-exceeded");

    /**
     * A stream's place frees when a viewer leaves or an experiment ends, at no moment one can predict: a short,
     * fixed wait keeps retries against a full server cheap.
     */
    static final Duration STREAMS_RETRY_AFTER = Duration.ofSeconds(30);

    /** One field at fault, in the shape of the API's invalid requests. */
    public record FieldProblem(String field, String message) {
    }

    private final FieldProblem fieldProblem;

    private LimitExceededException(HttpStatus status, String title, String limit, long allowed, Long requested,
                                   String detail, FieldProblem fieldProblem) {
        super(status, problem(status, title, limit, allowed, requested, detail), null);
        this.fieldProblem = fieldProblem;
        if (fieldProblem != null) {
            getBody().setProperty("errors", List.of(fieldProblem));
        }
    }

    /** 400: variants × seeds make more runs than one experiment may have; the field is the one to shorten. */
    public static LimitExceededException tooManyRuns(int allowed, int variants, int seeds) {
        String limit = LimitsProperties.PREFIX + "runs-per-experiment";
        int runs = variants * seeds;
        String message = String.format("%s × %s make %s; an experiment may have at most %s (%s)",
                plural(variants, "variant"), plural(seeds, "seed"), plural(runs, "run"), plural(allowed, "run"), limit);
        // with several seeds, fewer seeds is the usual fix; with one, only fewer variants can help
        FieldProblem problem = new FieldProblem(seeds > 1 ? "seeds" : "variants", message);
        return new LimitExceededException(HttpStatus.BAD_REQUEST, "Too many runs", limit, allowed, (long) runs,
                message + ".", problem);
    }

    /**
     * 400: {@code seeds} more seeds for each of an experiment's {@code variants} would take it from {@code existing}
     * runs past the runs one experiment may have; {@code requested} is the runs it would then have, {@code existing}
     * those it has, and the field is the request's field that asked for the seeds.
     */
    public static LimitExceededException tooManyRunsAdded(int allowed, int existing, int variants, int seeds,
                                                          String field) {
        String limit = LimitsProperties.PREFIX + "runs-per-experiment";
        int added = variants * seeds;
        int runs = existing + added;
        String message = String.format("this experiment has %s; %s more for its %s make %s more, %d in all; an"
                        + " experiment may have at most %s (%s)", plural(existing, "run"), plural(seeds, "seed"),
                plural(variants, "variant"), plural(added, "run"), runs, plural(allowed, "run"), limit);
        LimitExceededException refused = new LimitExceededException(HttpStatus.BAD_REQUEST, "Too many runs", limit,
                allowed, (long) runs, Character.toUpperCase(message.charAt(0)) + message.substring(1) + ".",
                new FieldProblem(field, message));
        refused.getBody().setProperty("existing", existing);
        return refused;
    }

    /** 429: the queue holds too many epochs still to train to take {@code runs} more runs of {@code epochs}. */
    public static LimitExceededException queueFull(long allowed, long queued, int runs, int epochs) {
        return queueFull(allowed, queued, runs, epochs, "this experiment adds");
    }

    /**
     * 429 as {@link #queueFull(long, long, int, int)}, for runs that a request adds to a stored experiment;
     * {@code adding} says what adds them, such as "these seeds add".
     */
    public static LimitExceededException queueFull(long allowed, long queued, int runs, int epochs, String adding) {
        String limit = LimitsProperties.PREFIX + "queued-run-epochs";
        long requested = (long) runs * epochs;
        LimitExceededException refused = new LimitExceededException(HttpStatus.TOO_MANY_REQUESTS, "Queue full", limit,
                allowed, requested, String.format("The queue is full: %,d epochs are still to train in queued and running"
                        + " runs, and %s %,d (%s × %s); at most %,d may wait (%s). Submit it again when"
                        + " runs have finished, or cancel some.",
                        queued, adding, requested, plural(runs, "run"), plural(epochs, "epoch"), allowed, limit), null);
        refused.getBody().setProperty("queued", queued);
        return refused;
    }

    /** 413: a body of {@code length} bytes, or of unknown length when null, past the allowed size. */
    public static LimitExceededException bodyTooLarge(long allowed, Long length) {
        String limit = LimitsProperties.PREFIX + "max-request-body";
        String size = length != null ? String.format("has %,d bytes", length) : "is longer than that";
        return new LimitExceededException(HttpStatus.CONTENT_TOO_LARGE, "Request body too large", limit, allowed,
                length, String.format("This server accepts request bodies of at most %,d bytes (%s); this one %s.",
                        allowed, limit, size), null);
    }

    /** 503: every live-progress stream this instance keeps is open. */
    public static LimitExceededException tooManyStreams(int allowed) {
        String limit = LimitsProperties.PREFIX + "progress-streams";
        LimitExceededException refused = new LimitExceededException(HttpStatus.SERVICE_UNAVAILABLE,
                "Too many live-progress streams", limit, allowed, 1L, String.format("%d live-progress streams are open,"
                        + " the most this server keeps (%s). The page works without one; reload it later for live"
                        + " updates.", allowed, limit), null);
        refused.getBody().setProperty("open", allowed);
        refused.getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(STREAMS_RETRY_AFTER.toSeconds()));
        return refused;
    }

    /**
     * 429: this client (a signed-in user, else an address) holds as many live-progress streams as one client may;
     * a place frees when it closes one of its own.
     */
    public static LimitExceededException tooManyStreamsForClient(int allowed) {
        String limit = LimitsProperties.PREFIX + "progress-streams-per-client";
        LimitExceededException refused = new LimitExceededException(HttpStatus.TOO_MANY_REQUESTS,
                "Too many live-progress streams for one client", limit, allowed, 1L, String.format("You hold %d"
                        + " live-progress streams, the most one client may (%s). Close a page that follows"
                        + " an experiment, then reload this one for live updates.", allowed, limit), null);
        refused.getBody().setProperty("open", allowed);
        return refused;
    }

    /** The field at fault, when shortening one field of the request would make it fit. */
    public Optional<FieldProblem> fieldProblem() {
        return Optional.ofNullable(fieldProblem);
    }

    /** What a person reads: the problem's detail. */
    public String reason() {
        return getBody().getDetail();
    }

    private static ProblemDetail problem(HttpStatus status, String title, String limit, long allowed, Long requested,
                                         String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(TYPE);
        problem.setTitle(title);
        problem.setProperty("limit", limit);
        problem.setProperty("allowed", allowed);
        if (requested != null) {
            problem.setProperty("requested", requested);
        }
        return problem;
    }

    private static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
