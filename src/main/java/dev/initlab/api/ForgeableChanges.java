package dev.initlab.api;

import java.io.IOException;
import java.util.Set;

import dev.initlab.security.AccessRules;
import dev.initlab.security.RequestOrigin;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a change to the API that a website could have made the user's browser send: one from another origin
 * ({@code Sec-Fetch-Site}, {@code Origin}), 403, and one with a body that is not JSON (a form or text, which any
 * page may post anywhere without asking), 415. Checked for every change, with or without credentials, since a
 * browser also repeats Basic credentials typed once into its sign-in box. Nothing of the body is read.
 */
final class ForgeableChanges extends OncePerRequestFilter {

    /** What browsers send for a request from the page's own origin, and for one the user typed or bookmarked. */
    private static final Set<String> OWN_FETCH_SITES = Set.of("same-origin", "none");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (AccessRules.isRead(request.getMethod()) || HttpMethod.OPTIONS.matches(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        String site = request.getHeader("Sec-Fetch-Site");
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (site != null && !OWN_FETCH_SITES.contains(site)) {
            refuse(request, response, HttpStatus.FORBIDDEN, "Changes are not taken from another website's pages "
                    + "(Sec-Fetch-Site: " + site + "): send it from a script or a tool, or use InitLab's own pages.");
        } else if (origin != null && !RequestOrigin.isOwn(request, origin)) {
            refuse(request, response, HttpStatus.FORBIDDEN, "Changes are not taken from another website's pages "
                    + "(Origin: " + origin + "): send it from a script or a tool, or use InitLab's own pages.");
        } else if (hasBody(request) && !isJson(request.getContentType())) {
            refuse(request, response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "The API reads JSON only: send the body "
                    + "with Content-Type: application/json, or send no body.");
        } else {
            chain.doFilter(request, response);
        }
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return "application".equals(type.getType())
                    && ("json".equals(type.getSubtype()) || "json".equals(type.getSubtypeSuffix()));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
                               String detail) throws IOException {
        ProblemResponses.write(response, status.value(), detail, request.getRequestURI());
    }
}
