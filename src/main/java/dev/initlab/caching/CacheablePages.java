package dev.initlab.caching;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

/** Names the pages whose HTML depends only on stored data, and the version of that data. */
public interface CacheablePages {

    /** A key naming the page and its data's version, or empty when the request is not for such a page. */
    Optional<String> keyOf(HttpServletRequest request);
}
