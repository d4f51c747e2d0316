package dev.initlab.caching;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Serves the pages that {@link CacheablePages} names from {@link VersionedResponses}: rendered once per version
 * of their data and viewer (the navigation names the viewer), then answered from memory or with 304. Forms are
 * rendered with a placeholder for the CSRF token, drawn anew for each rendering, which each answer replaces with
 * the requester's own, so one rendering serves every session. Runs after Spring Security, so the viewer and the
 * token are known.
 */
@Component
class CachedPagesFilter extends OncePerRequestFilter {

    private final List<CacheablePages> pages;
    private final VersionedResponses responses;

    CachedPagesFilter(List<CacheablePages> pages, VersionedResponses responses) {
        this.pages = pages;
        this.responses = responses;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"GET".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // taken before the version is read: a later reading never reads an older version
        long readOrder = responses.nextReadOrder();
        Optional<CacheablePages.Page> page = pages.stream().flatMap(pages -> pages.pageOf(request).stream()).findFirst();
        if (page.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        String viewersPage = page.get().name() + " viewer=" + viewer(request);
        responses.sendRendered(request, response, viewersPage, page.get().version(), readOrder,
                (rendered, placeholder) -> {
                    chain.doFilter(new PlaceholderToken(request, placeholder), rendered);
                    return rendered.getStatus() == HttpServletResponse.SC_OK;
                },
                () -> requestersToken(request));
    }

    /** Names the viewer in a key: a user's name, escaped, can be neither an anonymous reader nor part of the version. */
    private static String viewer(HttpServletRequest request) {
        Principal user = request.getUserPrincipal();
        return user == null ? "anonymous" : "user:" + URLEncoder.encode(user.getName(), StandardCharsets.UTF_8);
    }

    private static String requestersToken(HttpServletRequest request) {
        CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        return token == null ? "" : token.getToken();
    }

    /** The request as the page sees it while rendering: its CSRF token is the placeholder. */
    private static final class PlaceholderToken extends HttpServletRequestWrapper {

        private final String placeholder;

        PlaceholderToken(HttpServletRequest request, String placeholder) {
            super(request);
            this.placeholder = placeholder;
        }

        @Override
        public Object getAttribute(String name) {
            Object value = super.getAttribute(name);
            if (value instanceof CsrfToken token) {
                return new DefaultCsrfToken(token.getHeaderName(), token.getParameterName(), placeholder);
            }
            return value;
        }
    }
}
