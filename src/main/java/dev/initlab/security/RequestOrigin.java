package dev.initlab.security;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;

/** Whether an {@code Origin} header names the request's own origin: the same scheme, host and port. */
public final class RequestOrigin {

    private RequestOrigin() {
    }

    public static boolean isOwn(HttpServletRequest request, String origin) {
        URI uri;
        try {
            uri = new URI(origin);
        } catch (URISyntaxException e) {
            return false;
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            // "null": a sandboxed frame, a file, a redirect from elsewhere
            return false;
        }
        return uri.getScheme().equalsIgnoreCase(request.getScheme())
                && Objects.equals(AllowedHostsFilter.normalized(uri.getHost()), AllowedHostsFilter.normalized(request.getServerName()))
                && portOf(uri) == request.getServerPort();
    }

    private static int portOf(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
