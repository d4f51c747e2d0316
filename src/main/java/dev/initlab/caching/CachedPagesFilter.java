package dev.initlab.caching;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Serves the pages that {@link CacheablePages} names from {@link VersionedResponses}: rendered once per version
 * of their data, viewer and session (the navigation names the viewer, the forms carry the session's CSRF
 * token), then answered from memory or with 304. Runs after Spring Security, so the viewer is known.
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
        Optional<CacheablePages.Page> page = pages.stream().flatMap(pages -> pages.pageOf(request).stream()).findFirst();
        if (page.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        String sessionBefore = sessionId(request);
        String viewersPage = page.get().name() + " viewer=" + (request.getUserPrincipal() == null ? "anonymous"
                : request.getUserPrincipal().getName()) + " session=" + sessionBefore;
        responses.sendRendered(request, response, viewersPage, page.get().version(), rendered -> {
            chain.doFilter(request, rendered);
            // a page that started a session carries that session's token: it belongs to this client only
            return rendered.getStatus() == HttpServletResponse.SC_OK
                    && Objects.equals(sessionBefore, sessionId(request));
        });
    }

    private static String sessionId(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? null : session.getId();
    }
}
