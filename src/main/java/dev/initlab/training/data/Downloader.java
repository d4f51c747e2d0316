package dev.initlab.training.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads one file into a {@code .partial} sibling and renames it into place only once it is
 * complete and, where an MD5 is known, matches it; a file at the target is therefore always whole.
 * Callers hold the target's lock (see {@link FileLocks}).
 */
final class Downloader {

    /** Checks a complete download before it is renamed into place; throws to reject it. */
    interface Verifier {
        void verify(Path downloaded) throws IOException;
    }

    private static final Logger log = LoggerFactory.getLogger(Downloader.class);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(30))
            .build();

    private Downloader() {
    }

    static void download(URI url, Path target, String expectedMd5, Verifier verifier) throws IOException {
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        Files.createDirectories(target.getParent());
        try {
            String md5 = fetch(url, partial);
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
    private static String fetch(URI url, Path file) throws IOException {
        HttpResponse<InputStream> response;
        try {
            response = HTTP.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while downloading " + url, e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("Download of " + url + " failed: HTTP " + response.statusCode());
            }
            long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            log.info("Downloading {} ({})", url, total < 0 ? "size unknown" : megabytes(total) + " MB");
            MessageDigest digest = md5();
            LogThrottle throttle = new LogThrottle();
            long done = 0;
            byte[] buffer = new byte[1 << 16];
            try (OutputStream out = Files.newOutputStream(file)) {
                for (int read; (read = body.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, read);
                    digest.update(buffer, 0, read);
                    done += read;
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
        }
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
