package dev.initlab.web;

import dev.initlab.experiment.NotFoundException;
import dev.initlab.limits.LimitExceededException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/**
 * Errors of the pages as pages: a friendly 404, and a 500 without a stack trace; nothing for a reader who left.
 * A limit refuses a page's script (a live-progress stream) as it refuses the API, with problem+json.
 */
@ControllerAdvice(basePackageClasses = WebErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class WebErrors {

    private static final Logger log = LoggerFactory.getLogger(WebErrors.class);

    @ExceptionHandler({NotFoundException.class, MethodArgumentTypeMismatchException.class})
    ModelAndView notFound() {
        return new ModelAndView("error/404", HttpStatus.NOT_FOUND);
    }

    @ExceptionHandler(LimitExceededException.class)
    ResponseEntity<ProblemDetail> limitExceeded(LimitExceededException e) {
        return ResponseEntity.status(e.getStatusCode()).headers(e.getHeaders()).body(e.getBody());
    }

    /** The reader left (closed the tab, followed a link) while a live-progress stream wrote: nobody to answer. */
    @ExceptionHandler(AsyncRequestNotUsableException.class)
    ModelAndView readerLeft() {
        return null;
    }

    @ExceptionHandler(Exception.class)
    ModelAndView unexpected(Exception e) {
        log.error("Page failed", e);
        ModelAndView page = new ModelAndView("error", HttpStatus.INTERNAL_SERVER_ERROR);
        page.addObject("status", 500);
        return page;
    }
}
