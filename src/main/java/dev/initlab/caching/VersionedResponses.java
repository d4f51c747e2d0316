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
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
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

    /**
     * Renders a page into a buffer, with {@code placeholder} wherever the requester's own text (its CSRF token)
     * goes; answers whether what it rendered may be cached under its key.
     */
    @FunctionalInterface
    interface PageRenderer {
        boolean render(ContentCachingResponseWrapper into, String placeholder) throws IOException, ServletException;
    }

    /**
     * A body gzipped once; {@code placeholder}: where its text is adapted to each requester before it is sent, or
     * null when it is the same for all.
     */
    private record EncodedBody(String contentType, byte[] gzipped, String placeholder) {
    }

    /** The key of a page's version, and the order in which that version was read: a later reading is never older. */
    private record RenderedVersion(String key, long readOrder) {
    }

    private static final SecureRandom PLACEHOLDERS = new SecureRandom();

    private final Cache<String, EncodedBody> bodies;
    private final ConcurrentHashMap<String, CompletableFuture<EncodedBody>> rendering = new ConcurrentHashMap<>();
    /** Each page's newest version rendered. */
    private final Cache<String, RenderedVersion> latestRendered = Caffeine.newBuilder().maximumSize(10_000).build();
    private final AtomicLong readings = new AtomicLong();

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
        write(request, response, bodies.get(key, ignored -> encode(contentType, body, null)));
    }

    /** Numbers the readings of pages' versions in order: take one before reading a version for {@link #sendRendered}. */
    long nextReadOrder() {
        return readings.incrementAndGet();
    }

    /**
     * As {@link #send} for {@code page} (a page for one viewer) rendered by the servlet chain at {@code version}
     * of its data, read as the {@code readOrder}th reading: the first request of a version renders it, later ones
     * are served from memory. While a new version renders, others get the newest version rendered before it
     * rather than wait or render too; with none, they wait for it. What may not be cached (an error, a page that
     * started a session) is sent as it is. Pages are kept by the browser only, and checked before each use.
     */
    void sendRendered(HttpServletRequest request, HttpServletResponse response, String page, String version,
                      long readOrder, PageRenderer renderer, Supplier<String> requestersText)
            throws IOException, ServletException {
        String key = page + " version=" + version;
        response.setHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING + ", " + HttpHeaders.COOKIE);
        response.setHeader(HttpHeaders.CACHE_CONTROL, "private, no-cache");
        if (notModifiedPage(request, response, key)) {
            return;
        }
        EncodedBody cached = bodies.getIfPresent(key);
        if (cached == null) {
            CompletableFuture<EncodedBody> ours = new CompletableFuture<>();
            CompletableFuture<EncodedBody> earlier = rendering.putIfAbsent(key, ours);
            if (earlier != null) {
                RenderedVersion previous = latestRendered.getIfPresent(page);
                EncodedBody previousBody = previous == null ? null : bodies.getIfPresent(previous.key());
                if (previousBody != null) {
                    write(request, response, previous.key(), previousBody, requestersText);
                    return;
                }
                cached = earlier.join();
            }
            if (cached == null) {
                try {
                    cached = render(response, key, renderer);
                    if (cached != null) {
                        latestRendered.asMap().merge(page, new RenderedVersion(key, readOrder),
                                (kept, rendered) -> rendered.readOrder() > kept.readOrder() ? rendered : kept);
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
        write(request, response, key, cached, requestersText);
    }

    /**
     * Answers 304 when the request's If-None-Match names a copy of this key's page it may use: the body that is the
     * same for all, or the one with its own session's token. A page is one of the two, so it never matches both.
     */
    private static boolean notModifiedPage(HttpServletRequest request, HttpServletResponse response, String key) {
        String held = request.getHeader(HttpHeaders.IF_NONE_MATCH);
        if (held == null) {
            return false;
        }
        HttpSession session = request.getSession(false);
        for (String copy : session == null ? List.of(key) : List.of(key, sessionsCopy(key, session))) {
            String etag = etag(copy);
            if (names(held, etag)) {
                response.setHeader(HttpHeaders.ETAG, etag);
                response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
                return true;
            }
        }
        return false;
    }

    /** Whether an If-None-Match header lists this weak ETag, compared weakly. */
    private static boolean names(String ifNoneMatch, String weakEtag) {
        String opaque = weakEtag.substring("W/".length());
        return Arrays.stream(ifNoneMatch.split(",")).map(String::strip)
                .map(listed -> listed.startsWith("W/") ? listed.substring("W/".length()) : listed)
                .anyMatch(opaque::equals);
    }

    /** A copy kept by a browser holds its session's CSRF token, which another session would not accept. */
    private static String sessionsCopy(String key, HttpSession session) {
        return key + " session=" + session.getId();
    }

    /** Renders the page and caches it; null when it was not cacheable and has been sent as rendered. */
    private EncodedBody render(HttpServletResponse response, String key, PageRenderer renderer)
            throws IOException, ServletException {
        ContentCachingResponseWrapper rendered = new ContentCachingResponseWrapper(response);
        String placeholder = newPlaceholder();
        if (!renderer.render(rendered, placeholder)) {
            rendered.copyBodyToResponse();
            return null;
        }
        byte[] page = rendered.getContentAsByteArray();
        boolean personal = new String(page, StandardCharsets.UTF_8).contains(placeholder);
        EncodedBody encoded = encode(rendered.getContentType(), out -> out.write(page), personal ? placeholder : null);
        bodies.put(key, encoded);
        return encoded;
    }

    /**
     * Text no page can hold unless it was rendered with it: drawn anew for each render and never sent, so no one
     * can name an experiment after it.
     */
    private static String newPlaceholder() {
        byte[] random = new byte[16];
        PLACEHOLDERS.nextBytes(random);
        return "initlab-requester-" + HexFormat.of().formatHex(random);
    }

    /**
     * Sends a page with its ETag, which names what the body depends on: its key, and for a personal body the
     * session whose token it holds (started by {@code requestersText} where the requester had none). A personal
     * body is unzipped, adapted and sent as text, which the server gzips again where accepted.
     */
    private static void write(HttpServletRequest request, HttpServletResponse response, String key,
                              EncodedBody encoded, Supplier<String> requestersText) throws IOException {
        if (encoded.placeholder() == null) {
            response.setHeader(HttpHeaders.ETAG, etag(key));
            write(request, response, encoded);
            return;
        }
        String text = requestersText.get();
        HttpSession session = request.getSession(false);
        if (session != null) {
            response.setHeader(HttpHeaders.ETAG, etag(sessionsCopy(key, session)));
        }
        response.setContentType(encoded.contentType());
        try (InputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(encoded.gzipped()))) {
            String html = new String(unzipped.readAllBytes(), StandardCharsets.UTF_8).replace(encoded.placeholder(), text);
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

    private static EncodedBody encode(String contentType, BodyWriter body, String placeholder) {
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzipped, 1 << 16)) {
            body.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new EncodedBody(contentType, gzipped.toByteArray(), placeholder);
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
