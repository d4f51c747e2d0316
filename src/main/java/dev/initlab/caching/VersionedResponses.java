package dev.initlab.caching;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Responses that depend only on stored data, encoded once per version of it. A key names the response and
 * the version of the data it shows; its body is gzipped once into a bounded in-memory cache (one computation
 * however many clients ask at once), sent as it is to clients that accept gzip (every browser) and unzipped on
 * the way for others. A request whose If-None-Match names the key's ETag gets 304 before anything is computed.
 */
@Component
public class VersionedResponses {

    /** Writes a response body; called once per key while its body stays cached. */
    @FunctionalInterface
    public interface BodyWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Renders a page into a buffer; answers whether what it rendered may be cached under its key. */
    @FunctionalInterface
    interface PageRenderer {
        boolean render(ContentCachingResponseWrapper into) throws IOException, ServletException;
    }

    /** Text that differs by request (a CSRF token): pages are rendered with the placeholder in its place. */
    record PerRequestText(String placeholder, Supplier<String> value) {
    }

    /** A body gzipped once; {@code personal}: its text is adapted to each requester before it is sent. */
    private record EncodedBody(String contentType, byte[] gzipped, boolean personal) {
    }

    private final Cache<String, EncodedBody> bodies;
    private final ConcurrentHashMap<String, CompletableFuture<EncodedBody>> rendering = new ConcurrentHashMap<>();
    /** Each page's key at the last version rendered. */
    private final Cache<String, String> latestRendered = Caffeine.newBuilder().maximumSize(10_000).build();

    VersionedResponses(@Value("${initlab.cache.max-size:64MB}") DataSize maxSize) {
        this.bodies = Caffeine.newBuilder()
                .maximumWeight(maxSize.toBytes())
                .<String, EncodedBody>weigher((key, body) -> key.length() + body.gzipped().length)
                .build();
    }

    /** Answers 304 when the request already has this key's body, else sends the (cached) body. */
    public void send(HttpServletRequest request, HttpServletResponse response, String key, String contentType,
                     BodyWriter body) throws IOException {
        response.setHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
        if (notModified(new ServletWebRequest(request, response), key)) {
            return;
        }
        write(request, response, bodies.get(key, ignored -> encode(contentType, body, false)));
    }

    /**
     * As {@link #send} for {@code page} (a page for one viewer) rendered by the servlet chain at {@code version}
     * of its data: the first request of a version renders it, later ones are served from memory. While a new
     * version renders, others get the last version rendered (one render old) rather than wait or render too;
     * with none, they wait for it. What may not be cached (an error, a page that started a session) is sent as
     * it is.
     */
    void sendRendered(HttpServletRequest request, HttpServletResponse response, String page, String version,
                      PageRenderer renderer, PerRequestText perRequest) throws IOException, ServletException {
        String key = page + " version=" + version;
        response.setHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
        if (notModified(new ServletWebRequest(request, response), sessionsCopy(key, request))) {
            return;
        }
        EncodedBody cached = bodies.getIfPresent(key);
        if (cached == null) {
            CompletableFuture<EncodedBody> ours = new CompletableFuture<>();
            CompletableFuture<EncodedBody> earlier = rendering.putIfAbsent(key, ours);
            if (earlier != null) {
                String previousKey = latestRendered.getIfPresent(page);
                EncodedBody previous = previousKey == null ? null : bodies.getIfPresent(previousKey);
                if (previous != null) {
                    response.setHeader(HttpHeaders.ETAG, etag(sessionsCopy(previousKey, request)));
                    write(request, response, previous, perRequest);
                    return;
                }
                cached = earlier.join();
            }
            if (cached == null) {
                try {
                    cached = render(response, key, renderer, perRequest);
                    if (cached != null) {
                        latestRendered.put(page, key);
                    }
                } finally {
                    ours.complete(cached);
                    rendering.remove(key, ours);
                }
            }
            if (cached == null) {
                return;
            }
        }
        write(request, response, cached, perRequest);
    }

    /**
     * What a page's ETag names: one body serves every session, but a copy kept by a browser holds its session's
     * CSRF token, which a new session would not accept.
     */
    private static String sessionsCopy(String key, HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return key + " session=" + (session == null ? "none" : session.getId());
    }

    /** Renders the page and caches it; null when it was not cacheable and has been sent as rendered. */
    private EncodedBody render(HttpServletResponse response, String key, PageRenderer renderer,
                               PerRequestText perRequest) throws IOException, ServletException {
        ContentCachingResponseWrapper rendered = new ContentCachingResponseWrapper(response);
        if (!renderer.render(rendered)) {
            response.setHeader(HttpHeaders.ETAG, null);
            rendered.copyBodyToResponse();
            return null;
        }
        byte[] page = rendered.getContentAsByteArray();
        boolean personal = new String(page, StandardCharsets.UTF_8).contains(perRequest.placeholder());
        EncodedBody encoded = encode(rendered.getContentType(), out -> out.write(page), personal);
        bodies.put(key, encoded);
        return encoded;
    }

    /** A personal body is unzipped, adapted and sent as text, which the server gzips again where accepted. */
    private static void write(HttpServletRequest request, HttpServletResponse response, EncodedBody encoded,
                              PerRequestText perRequest) throws IOException {
        if (!encoded.personal()) {
            write(request, response, encoded);
            return;
        }
        response.setContentType(encoded.contentType());
        try (InputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(encoded.gzipped()))) {
            String html = new String(unzipped.readAllBytes(), StandardCharsets.UTF_8)
                    .replace(perRequest.placeholder(), perRequest.value().get());
            response.getOutputStream().write(html.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void write(HttpServletRequest request, HttpServletResponse response, EncodedBody encoded)
            throws IOException {
        response.setContentType(encoded.contentType());
        if (acceptsGzip(request)) {
            response.setHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
            response.setContentLength(encoded.gzipped().length);
            response.getOutputStream().write(encoded.gzipped());
        } else {
            try (InputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(encoded.gzipped()))) {
                unzipped.transferTo(response.getOutputStream());
            }
        }
    }

    /**
     * Sets the key's ETag and asks clients to check it before each use; true (and 304 set) when the request
     * names it in If-None-Match.
     */
    private static boolean notModified(WebRequest request, String key) {
        if (request instanceof ServletWebRequest servlet && servlet.getResponse() != null) {
            servlet.getResponse().setHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        }
        return request.checkNotModified(etag(key));
    }

    /** A weak ETag: the same data, whatever its encoding on the wire. */
    private static String etag(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "W/\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java", e);
        }
    }

    private static EncodedBody encode(String contentType, BodyWriter body, boolean personal) {
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzipped, 1 << 16)) {
            body.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new EncodedBody(contentType, gzipped.toByteArray(), personal);
    }

    /** Whether Accept-Encoding lists gzip with a weight above 0. */
    private static boolean acceptsGzip(HttpServletRequest request) {
        String accepted = request.getHeader(HttpHeaders.ACCEPT_ENCODING);
        if (accepted == null) {
            return false;
        }
        for (String coding : accepted.split(",")) {
            String[] parts = coding.split(";");
            if (parts[0].strip().equalsIgnoreCase("gzip")) {
                return parts.length == 1 || !parts[1].strip().matches("q=0(\\.0*)?");
            }
        }
        return false;
    }
}
