package dev.initlab.training.data;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * fast.ai's Imagenette archives: downloaded into the data root on first use, checked against their
 * MD5, unpacked next to them. The archive and the unpacked folder only ever appear complete, so their
 * presence is the whole check on later uses.
 */
final class Imagenette {

    /** Images in {@code train/} and {@code val/}; the same in all three archives, which differ in image size only. */
    static final int TRAIN_IMAGES = 9_469;
    static final int VALID_IMAGES = 3_925;

    private Imagenette() {
    }

    /** The unpacked folder of {@code name} under {@code dataRoot}, downloading and unpacking it first if needed. */
    static Path ensureUnpacked(Path dataRoot, String name, URI baseUrl, String expectedMd5, Downloader downloader,
                               PreparationMonitor monitor) throws IOException {
        Path folder = dataRoot.resolve(name);
        if (Files.isDirectory(folder)) {
            return folder;
        }
        return FileLocks.holding(dataRoot.resolve(name + ".lock"), monitor, holder -> {
            if (!Files.isDirectory(folder)) {
                Path archive = dataRoot.resolve(name + ".tgz");
                if (!Files.exists(archive)) {
                    downloader.download(baseUrl.resolve(name + ".tgz"), archive, expectedMd5, downloaded -> { }, holder);
                }
                TarGzUnpacker.unpack(archive, folder);
            }
            return folder;
        });
    }
}
