package dev.initlab.api;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * problem+json written straight to the response, where no controller runs and so {@link ApiProblems}
 * cannot answer: Spring Security's filters, the error dispatch, Tomcat's own error report. Same fields
 * as Spring's {@code ProblemDetail}: title, status, detail, instance.
 */
final class ProblemResponses {

    static final String SERVER_FAULT = "Something went wrong on the server; nothing you sent was stored.";

    private static final Pattern ENCODED_DOT = Pattern.compile("%2e", Pattern.CASE_INSENSITIVE);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemResponses() {
    }

    /**
     * Whether the path leads to the API once read the way a server may read it: {@code /api}, {@code /api/…},
     * {@code /api;…} (a path parameter the firewall refuses), also written {@code //api/…}, {@code /./api/…},
     * {@code /%2e/api/…} or {@code /x/../api/…}.
     */
    static boolean isApiPath(String path) {
        if (path == null) {
            return false;
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : ENCODED_DOT.matcher(path).replaceAll(".").split("/")) {
            String name = segment.split(";", 2)[0];
            if (name.equals("..")) {
                segments.pollLast();
            } else if (!name.isEmpty() && !name.equals(".")) {
                segments.addLast(name);
            }
        }
        return "api".equals(segments.peekFirst());
    }

    /** What went wrong; for a server fault, not its inner workings. */
    static String detail(int status, String reason) {
        if (status == HttpStatus.INTERNAL_SERVER_ERROR.value()) {
            return SERVER_FAULT;
        }
        return reason == null || reason.isBlank() ? title(status) : reason;
    }

    /** @param instance the request's path, or null where Tomcat could not read it */
    static void write(HttpServletResponse response, int status, String detail, String instance) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("title", title(status));
        problem.put("status", status);
        problem.put("detail", detail);
        if (instance != null) {
            problem.put("instance", instance);
        }
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(JSON.writeValueAsBytes(problem));
    }

    private static String title(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known != null ? known.getReasonPhrase() : "Error " + status;
    }
}
