package dev.initlab.api;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's own error report, for errors Tomcat answers before any filter or servlet runs: an encoded
 * slash or a NUL in the path, a character that may not appear in a URL ({@code |}, {@code {}), a
 * malformed header. For an API path it writes problem+json; so too where Tomcat could not read the
 * request line at all, since then nobody knows the path (browsers never send such a line, they encode
 * those characters). Other paths keep Tomcat's page, without the server's version, as before.
 * Public with a public constructor: Tomcat's host creates it from its class name.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    public ProblemErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        String path = request.getRequestURI();
        if (path != null && !ProblemResponses.isApiPath(path)) {
            super.report(request, response, throwable);
            return;
        }
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported() || !ioAllowed(response)) {
            return;
        }
        try {
            ProblemResponses.write(response, status, ProblemResponses.detail(status, reason(response, throwable)), path);
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // the client has gone, or the response was already in use: nothing more can be said
        }
    }

    private static boolean ioAllowed(Response response) {
        AtomicBoolean allowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, allowed);
        return allowed.get();
    }

    private static String reason(Response response, Throwable throwable) {
        if (response.getMessage() != null && !response.getMessage().isBlank()) {
            return "Refused before it reached InitLab: " + response.getMessage();
        }
        if (throwable != null && throwable.getMessage() != null) {
            return "Refused before it reached InitLab: " + throwable.getMessage().lines().findFirst().orElse("");
        }
        return null;
    }
}
