package dev.initlab.queue;

import java.net.URI;
import java.time.Duration;

import dev.initlab.training.data.DatasetSources;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the workers download datasets from, and how long a download may wait; each one left unset
 * keeps {@link DatasetSources#defaults()}'s value (fast.ai's and Zalando's servers, 30 s, 60 s).
 *
 * @param imagenetteUrl   the folder holding {@code imagenette2*.tgz} (a mirror inside your network works)
 * @param fashionMnistUrl the folder holding Fashion-MNIST's four {@code .gz} files
 * @param connectTimeout  how long to wait for a connection
 * @param readTimeout     a download that receives no byte for this long fails, naming its URL
 */
@ConfigurationProperties("initlab.datasets")
public record DatasetProperties(URI imagenetteUrl, URI fashionMnistUrl, Duration connectTimeout, Duration readTimeout) {

    DatasetSources sources() {
        DatasetSources defaults = DatasetSources.defaults();
        return defaults
                .withImagenetteBaseUrl(imagenetteUrl != null ? imagenetteUrl : defaults.imagenetteBaseUrl())
                .withFashionMnistBaseUrl(fashionMnistUrl != null ? fashionMnistUrl : defaults.fashionMnistBaseUrl())
                .withTimeouts(connectTimeout != null ? connectTimeout : defaults.connectTimeout(),
                        readTimeout != null ? readTimeout : defaults.readTimeout());
    }
}
