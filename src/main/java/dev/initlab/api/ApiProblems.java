package dev.initlab.api;

import java.net.URI;
import java.util.List;
import java.util.Map;

import dev.initlab.comparison.ExperimentComparisons.UnknownBaselineException;
import dev.initlab.experiment.NotFoundException;
import dev.initlab.experiment.RunNotCancellableException;
import dev.initlab.experiment.SeedsAlreadyInExperimentException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonPointer;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every error of the REST API as {@code application/problem+json} (RFC 9457). Client errors carry
 * {@code errors}: the fields at fault (JSON paths such as {@code variants[1].bn2Gamma}) and why.
 */
@RestControllerAdvice
class ApiProblems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);
    private static final URI INVALID = URI.create("/problems/invalid-request");
    private static final URI SEED_ALREADY_IN_EXPERIMENT = URI.create("/problems/seed-already-in-experiment");

    /** One field at fault: where it is and what is wrong with it. */
    record FieldProblem(String field, String message) {
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Not found");
        return problem;
    }

    @ExceptionHandler(RunNotCancellableException.class)
    ProblemDetail notCancellable(RunNotCancellableException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Run already finished");
        return problem;
    }

    /** 409: the seeds the experiment already has, named in the detail and listed under {@code seeds}. */
    @ExceptionHandler(SeedsAlreadyInExperimentException.class)
    ProblemDetail seedsAlreadyInExperiment(SeedsAlreadyInExperimentException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setType(SEED_ALREADY_IN_EXPERIMENT);
        problem.setTitle("Seed already in the experiment");
        problem.setProperty("seeds", e.seeds());
        return problem;
    }

    @ExceptionHandler(UnknownBaselineException.class)
    ResponseEntity<Object> unknownBaseline(UnknownBaselineException e) {
        return invalid(List.of(new FieldProblem("baseline", e.getMessage())), new HttpHeaders());
    }

    @ExceptionHandler(InvalidParameterException.class)
    ProblemDetail unreadableParameters(InvalidParameterException e) {
        HttpStatus status = HttpStatus.resolve(e.getErrorCode());
        return ProblemDetail.forStatusAndDetail(status != null && status.is4xxClientError() ? status : HttpStatus.BAD_REQUEST,
                e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("Unexpected error", e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                ProblemResponses.SERVER_FAULT);
        problem.setTitle("Internal error");
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = e.getBindingResult().getAllErrors().stream()
                .map(error -> new FieldProblem(error instanceof FieldError field ? field.getField() : error.getObjectName(),
                        error.getDefaultMessage()))
                .toList();
        return invalid(errors, headers);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
                                                                            HttpHeaders headers, HttpStatusCode status,
                                                                            WebRequest request) {
        List<FieldProblem> errors = e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> new FieldProblem(result.getMethodParameter().getParameterName(),
                                messageOf(error))))
                .toList();
        return invalid(errors, headers);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        String field = e.getPropertyName() != null ? e.getPropertyName() : "parameter";
        String expected = e.getRequiredType() != null ? e.getRequiredType().getSimpleName() : "another type";
        return invalid(List.of(new FieldProblem(field, "must be a valid " + expected + ", got '" + e.getValue() + "'")),
                headers);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        FieldProblem problem = e.getMostSpecificCause() instanceof JacksonException jackson
                ? new FieldProblem(pathOf(jackson), readableReason(jackson))
                : new FieldProblem("body", "a JSON object is required");
        return invalid(List.of(problem), headers);
    }

    private ResponseEntity<Object> invalid(List<FieldProblem> errors, HttpHeaders headers) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request is invalid: " + String.join("; ",
                        errors.stream().map(error -> error.field() + " " + error.message()).toList()));
        problem.setType(INVALID);
        problem.setTitle("Invalid request");
        problem.setProperties(Map.of("errors", errors));
        return ResponseEntity.badRequest().headers(headers).body(problem);
    }

    private static String messageOf(MessageSourceResolvable error) {
        return error.getDefaultMessage() != null ? error.getDefaultMessage() : "is invalid";
    }

    private static String pathOf(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            appendStep(path, reference.getPropertyName(), reference.getIndex());
        }
        if (path.isEmpty() && e instanceof StreamReadException streamError && streamError.processor() != null
                && !e.getOriginalMessage().startsWith("Unexpected end-of-input")) {
            // a token error (NaN, a missing quote) carries no path, but the parser knows where it was
            for (JsonPointer step = streamError.processor().streamReadContext().pathAsPointer(); !step.matches();
                 step = step.tail()) {
                appendStep(path, step.mayMatchElement() ? null : step.getMatchingProperty(), step.getMatchingIndex());
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    private static void appendStep(StringBuilder path, String property, int index) {
        if (property != null) {
            path.append(path.isEmpty() ? "" : ".").append(property);
        } else if (index >= 0) {
            path.append('[').append(index).append(']');
        }
    }

    /** Says what was wrong in the user's terms; Jackson's own text names Java classes. */
    private static String readableReason(JacksonException e) {
        if (e instanceof UnrecognizedPropertyException) {
            return "is not a field of this request";
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "must be " + describe(mismatch.getTargetType());
        }
        if (e instanceof InputCoercionException) {
            return "is out of range";
        }
        return "is not valid JSON: " + firstLine(e.getOriginalMessage());
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "an object";
    }

    private static String firstLine(String message) {
        int end = message.indexOf('\n');
        String line = end > 0 ? message.substring(0, end) : message;
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
