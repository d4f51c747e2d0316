package dev.initlab.web;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.initlab.caching.CacheablePages;
import dev.initlab.experiment.ExperimentVersion;
import dev.initlab.experiment.ExperimentVersions;
import dev.initlab.experiment.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;

/**
 * An experiment's page and its runs' pages show what is stored about the experiment, so they are cached until
 * a run's state or an epoch changes. Progress bars and the time left are as of the page's rendering, and the
 * page's live stream brings them up to date within a second.
 */
@Component
class ExperimentPageVersions implements CacheablePages {

    private static final Pattern PAGE = Pattern.compile("/(experiments|runs)/([0-9a-fA-F-]{36})");

    private final ExperimentVersions versions;

    ExperimentPageVersions(ExperimentVersions versions) {
        this.versions = versions;
    }

    @Override
    public Optional<Page> pageOf(HttpServletRequest request) {
        Matcher page = PAGE.matcher(request.getRequestURI());
        if (!page.matches() || request.getQueryString() != null) {
            return Optional.empty();
        }
        try {
            UUID id = UUID.fromString(page.group(2));
            Optional<ExperimentVersion> version = page.group(1).equals("experiments")
                    ? Optional.of(versions.of(id)) : versions.ofRunsExperiment(id);
            return version.map(found -> new Page(page.group(1) + " page " + id, found.ofEverything()));
        } catch (IllegalArgumentException | NotFoundException unknown) {
            // the controller answers these with its 404 page
            return Optional.empty();
        }
    }
}
