package dev.initlab.caching;

import java.io.IOException;
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
 * rendered with a placeholder for the CSRF token, which each answer replaces with the requester's own, so one
 * rendering serves every session. Runs after Spring Security, so the viewer and the token are known.
 */
@Component
class CachedPagesFilter extends OncePerRequestFilter {

    /** Cannot occur in a page otherwise: it is not a token Spring Security would make. */
    private static final String TOKEN_PLACEHOLDER = "initlab-csrf-token-of-the-requester";

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
        String viewersPage = page.get().name() + " viewer=" + (request.getUserPrincipal() == null ? "anonymous"
                : request.getUserPrincipal().getName());
        responses.sendRendered(request, response, viewersPage, page.get().version(),
                rendered -> {
                    chain.doFilter(new PlaceholderToken(request), rendered);
                    return rendered.getStatus() == HttpServletResponse.SC_OK;
                },
                new VersionedResponses.PerRequestText(TOKEN_PLACEHOLDER, () -> requestersToken(request)));
    }

    private static String requestersToken(HttpServletRequest request) {
        CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        return token == null ? "" : token.getToken();
    }

    /** The request as the page sees it while rendering: its CSRF token is the placeholder. */
    private static final class PlaceholderToken extends HttpServletRequestWrapper {

        PlaceholderToken(HttpServletRequest request) {
            super(request);
        }

        @Override
        public Object getAttribute(String name) {
            Object value = super.getAttribute(name);
            if (value instanceof CsrfToken token) {
                return new DefaultCsrfToken(token.getHeaderName(), token.getParameterName(), TOKEN_PLACEHOLDER);
            }
            return value;
        }
    }
}
