package dev.initlab.training.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads one file into a {@code .partial} sibling and renames it into place only once it is
 * complete and, where an MD5 is known, matches it; a file at the target is therefore always whole.
 * A download fails when it cannot connect within the connect timeout or receives no byte for the
 * read timeout, and stops between chunks when its monitor asks. Callers hold the target's lock
 * (see {@link FileLocks}).
 */
final class Downloader {

    /** Checks a complete download before it is renamed into place; throws to reject it. */
    interface Verifier {
        void verify(Path downloaded) throws IOException;
    }

    private static final Logger log = LoggerFactory.getLogger(Downloader.class);
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    /** As many as java.net.http.HttpClient follows. */
    private static final int MAX_REDIRECTS = 5;

    private final Duration connectTimeout;
    private final Duration readTimeout;

    Downloader(Duration connectTimeout, Duration readTimeout) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    void download(URI url, Path target, String expectedMd5, Verifier verifier, PreparationMonitor monitor) throws IOException {
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        Files.createDirectories(target.getParent());
        try {
            String md5 = fetch(url, partial, new Phase("downloading " + url, monitor));
            if (expectedMd5 != null && !expectedMd5.equalsIgnoreCase(md5)) {
                throw new IOException("Download of " + url + " is corrupt: MD5 " + md5 + ", expected "
                        + expectedMd5 + "; it was discarded");
            }
            verifier.verify(partial);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Streams the body of {@code url} into {@code file} and returns its MD5 in hex. */
    private String fetch(URI url, Path file, Phase downloading) throws IOException {
        HttpURLConnection connection = open(url, downloading);
        try (InputStream body = connection.getInputStream()) {
            long total = connection.getContentLengthLong();
            log.info("Downloading {} ({})", url, total < 0 ? "size unknown" : megabytes(total) + " MB");
            downloading.progress(0, total);
            MessageDigest digest = md5();
            LogThrottle throttle = new LogThrottle();
            long done = 0;
            byte[] buffer = new byte[1 << 16];
            try (OutputStream out = Files.newOutputStream(file)) {
                for (int read; (read = body.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, read);
                    digest.update(buffer, 0, read);
                    done += read;
                    downloading.progress(done, total);
                    downloading.stopIfRequested();
                    if (throttle.due()) {
                        logProgress(url, done, total, throttle);
                    }
                }
            }
            if (total >= 0 && done != total) {
                throw new IOException("Download of " + url + " stopped after " + done + " of " + total + " bytes");
            }
            logProgress(url, done, total, throttle);
            return HexFormat.of().formatHex(digest.digest());
        } catch (SocketTimeoutException e) {
            // a stop asked for while the server was silent is a cancellation, not a failure
            downloading.stopIfRequested();
            throw stalled(url, e);
        } finally {
            // never hands a half-read connection back to the keep-alive cache
            connection.disconnect();
        }
    }

    /**
     * Connects and follows redirects itself: HttpURLConnection would not follow one from http to
     * https. Like HttpClient's NORMAL policy, it refuses one from https to http.
     */
    private HttpURLConnection open(URI url, Phase downloading) throws IOException {
        URI current = url;
        for (int redirects = 0; ; redirects++) {
            downloading.stopIfRequested();
            HttpURLConnection connection = (HttpURLConnection) current.toURL().openConnection();
            connection.setConnectTimeout(millis(connectTimeout));
            connection.setReadTimeout(millis(readTimeout));
            connection.setInstanceFollowRedirects(false);
            int status = statusOf(connection, url);
            if (status == 200) {
                return connection;
            }
            String location = connection.getHeaderField("Location");
            connection.disconnect();
            if (!REDIRECTS.contains(status) || location == null) {
                throw new IOException("Download of " + url + " failed: HTTP " + status);
            }
            if (redirects == MAX_REDIRECTS) {
                throw new IOException("Download of " + url + " failed: more than " + MAX_REDIRECTS + " redirects");
            }
            URI next = current.resolve(location);
            if (!mayRedirect(current, next)) {
                throw new IOException("Download of " + url + " failed: refused the redirect from " + current + " to " + next);
            }
            current = next;
        }
    }

    private int statusOf(HttpURLConnection connection, URI url) throws IOException {
        try {
            connection.connect();
        } catch (SocketTimeoutException e) {
            throw new IOException("Download of " + url + " failed: no connection within " + describe(connectTimeout)
                    + " (connect timeout)", e);
        }
        try {
            return connection.getResponseCode();
        } catch (SocketTimeoutException e) {
            throw stalled(url, e);
        }
    }

    private static boolean mayRedirect(URI from, URI to) {
        return "https".equals(to.getScheme()) || "http".equals(to.getScheme()) && "http".equals(from.getScheme());
    }

    private IOException stalled(URI url, SocketTimeoutException cause) {
        return new IOException("Download of " + url + " stalled: no data for " + describe(readTimeout) + " (read timeout)",
                cause);
    }

    private static int millis(Duration timeout) {
        return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    }

    private static String describe(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }

    private static void logProgress(URI url, long done, long total, LogThrottle throttle) {
        String percent = total > 0 ? String.format("%.1f%%", 100.0 * done / total) : "?%";
        log.info("Downloading {}: {} MB, {}, {} MB/s", url, megabytes(done), percent,
                String.format("%.2f", done / 1e6 / throttle.secondsSinceStart()));
    }

    private static String megabytes(long bytes) {
        return String.format("%.1f", bytes / 1e6);
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has MD5", e);
        }
    }
}
