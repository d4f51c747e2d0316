package dev.initlab.training.data;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Where datasets come from: the base URLs of the Imagenette and Fashion-MNIST downloads, the folder
 * of an installed Fashion-MNIST (Debian's {@code dataset-fashion-mnist}), the MD5 each Imagenette
 * archive must have, and how long a download may wait for a connection and, once connected, for its
 * next bytes. Tests point these at a local server and their own tiny archives.
 */
public record DatasetSources(URI imagenetteBaseUrl, URI fashionMnistBaseUrl, Path systemFashionMnistFolder,
                             Map<String, String> imagenetteMd5, Duration connectTimeout, Duration readTimeout) {

    public static final URI IMAGENETTE_BASE_URL = URI.create("https://s3.amazonaws.com/fast-ai-imageclas/");
    public static final URI FASHION_MNIST_BASE_URL = URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");
    public static final Path SYSTEM_FASHION_MNIST_FOLDER = Path.of("/usr/share/datasets/fashion-mnist");
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    public DatasetSources {
        imagenetteBaseUrl = asFolder(imagenetteBaseUrl);
        fashionMnistBaseUrl = asFolder(fashionMnistBaseUrl);
        imagenetteMd5 = Map.copyOf(imagenetteMd5);
        // a timeout of 0 ms means "wait for ever" to the JDK
        if (connectTimeout.toMillis() < 1 || readTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("Download timeouts must be at least 1 ms, got connect " + connectTimeout
                    + " and read " + readTimeout);
        }
    }

    public static DatasetSources defaults() {
        return new DatasetSources(IMAGENETTE_BASE_URL, FASHION_MNIST_BASE_URL, SYSTEM_FASHION_MNIST_FOLDER, Map.of(
                "imagenette2", "fe2fc210e6bb7c5664d602c3cd71e612",
                "imagenette2-320", "3df6f0d01a2c9592104656642f5e78a3",
                "imagenette2-160", "e793b78cc4c9e9a4ccc0c1155377a412"),
                CONNECT_TIMEOUT, READ_TIMEOUT);
    }

    public DatasetSources withImagenetteBaseUrl(URI url) {
        return new DatasetSources(url, fashionMnistBaseUrl, systemFashionMnistFolder, imagenetteMd5, connectTimeout, readTimeout);
    }

    public DatasetSources withFashionMnistBaseUrl(URI url) {
        return new DatasetSources(imagenetteBaseUrl, url, systemFashionMnistFolder, imagenetteMd5, connectTimeout, readTimeout);
    }

    /** {@code null} (or a folder without the four files) means: always use the data root's copy. */
    public DatasetSources withSystemFashionMnistFolder(Path folder) {
        return new DatasetSources(imagenetteBaseUrl, fashionMnistBaseUrl, folder, imagenetteMd5, connectTimeout, readTimeout);
    }

    public DatasetSources withImagenetteMd5(String name, String md5) {
        Map<String, String> md5s = new HashMap<>(imagenetteMd5);
        md5s.put(name, md5);
        return new DatasetSources(imagenetteBaseUrl, fashionMnistBaseUrl, systemFashionMnistFolder, md5s,
                connectTimeout, readTimeout);
    }

    /** {@code read}: how long a download may go without receiving a byte before it fails as stalled. */
    public DatasetSources withTimeouts(Duration connect, Duration read) {
        return new DatasetSources(imagenetteBaseUrl, fashionMnistBaseUrl, systemFashionMnistFolder, imagenetteMd5, connect, read);
    }

    /** {@code URI.resolve} drops the last path segment unless the base ends with a slash. */
    private static URI asFolder(URI url) {
        String text = url.toString();
        return text.endsWith("/") ? url : URI.create(text + "/");
    }
}
