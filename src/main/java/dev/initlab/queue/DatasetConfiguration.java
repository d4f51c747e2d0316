package dev.initlab.queue;

import java.nio.file.Path;

import dev.initlab.training.data.DatasetCatalog;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One dataset catalog under {@code <data-dir>/datasets}: workers train from it, estimates count its images. */
@Configuration(proxyBeanMethods = false)
class DatasetConfiguration {

    @Bean
    DatasetCatalog datasetCatalog(@Value("${initlab.data-dir}") Path dataDir, DatasetProperties properties) {
        return new DatasetCatalog(dataDir.resolve("datasets"), properties.sources());
    }
}
