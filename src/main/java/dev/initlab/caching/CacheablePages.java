package dev.initlab.caching;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

/** Names the pages whose HTML depends only on stored data, and the version of that data. */
public interface CacheablePages {

    /** A page and the version of the data it shows. */
    record Page(String name, String version) {
    }

    /** The page asked for and its data's version, or empty when the request is not for such a page. */
    Optional<Page> pageOf(HttpServletRequest request);
}
