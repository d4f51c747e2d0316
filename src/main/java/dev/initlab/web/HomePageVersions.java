package dev.initlab.web;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.initlab.caching.CacheablePages;
import dev.initlab.experiment.ExperimentVersion;
import dev.initlab.experiment.ExperimentVersions;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The home page shows a page of experiments, which changes with their versions, and the live workers and
 * queue, which its script refreshes every 2 s anyway: it is rendered at most once a second per viewer, and
 * again as soon as an experiment on it changes or a new one arrives.
 */
@Component
class HomePageVersions implements CacheablePages {

    private final JdbcTemplate jdbc;
    private final ExperimentVersions versions;

    HomePageVersions(JdbcTemplate jdbc, ExperimentVersions versions) {
        this.jdbc = jdbc;
        this.versions = versions;
    }

    @Override
    public Optional<Page> pageOf(HttpServletRequest request) {
        if (!request.getRequestURI().equals("/")) {
            return Optional.empty();
        }
        String page = request.getQueryString() == null ? "0" : request.getParameter("page");
        if (page == null || !page.matches("\\d{1,6}") || request.getParameterMap().size() > 1) {
            return Optional.empty();
        }
        List<UUID> shown = jdbc.queryForList("SELECT id FROM experiments ORDER BY created_at DESC, id LIMIT ? OFFSET ?",
                UUID.class, ExperimentPages.PAGE_SIZE, (long) Integer.parseInt(page) * ExperimentPages.PAGE_SIZE);
        Map<UUID, ExperimentVersion> shownVersions = versions.of(shown);
        StringBuilder version = new StringBuilder("second=").append(System.currentTimeMillis() / 1000);
        shown.forEach(id -> version.append(' ').append(id).append('=')
                .append(shownVersions.containsKey(id) ? shownVersions.get(id).ofEverything() : "none"));
        return Optional.of(new Page("home page " + page, version.toString()));
    }
}
