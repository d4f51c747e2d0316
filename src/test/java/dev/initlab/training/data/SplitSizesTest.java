package dev.initlab.training.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image counts a run would use, known without downloading or decoding anything. */
class SplitSizesTest {

    @TempDir
    Path dataRoot;

    @Test
    void builtInDatasetsHaveTheirKnownSizesCappedByTheLimits() {
        DatasetCatalog catalog = new DatasetCatalog(dataRoot);

        assertThat(catalog.splitSizes("fashion-mnist", null, null)).hasValue(new SplitSizes(60_000, 10_000));
        assertThat(catalog.splitSizes("fashion-mnist", 4000, 20_000)).hasValue(new SplitSizes(4000, 10_000));
        assertThat(catalog.splitSizes("imagenette2-160", null, 100)).hasValue(new SplitSizes(9469, 100));
        assertThat(catalog.splitSizes("synthetic", 40, null)).hasValue(new SplitSizes(40, 200));
    }

    @Test
    void folderImagesAreCountedAsTheSubsetChoosesThem() throws IOException {
        Path root = dataRoot.resolve("shapes");
        for (String image : new String[]{"train/a/1.png", "train/a/2.png", "train/b/3.png", "val/a/4.png"}) {
            TestFiles.write(root.resolve(image), TestFiles.png(4, 4, 0));
        }
        TestFiles.write(root.resolve("train/b/readme.txt"), new byte[]{1});
        DatasetCatalog catalog = new DatasetCatalog(dataRoot);

        assertThat(catalog.splitSizes("folder:shapes", null, null)).hasValue(new SplitSizes(3, 1));
        assertThat(catalog.splitSizes("folder:shapes", 2, 5)).hasValue(new SplitSizes(2, 1));
        assertThat(catalog.prepare(new DatasetRequest("folder:shapes", 4, 2, 5)).train().size())
                .isEqualTo(2);
    }

    @Test
    void missingFolderOrRefusedNameHasNoSizes() {
        DatasetCatalog catalog = new DatasetCatalog(dataRoot);

        assertThat(catalog.splitSizes("folder:nowhere", null, null)).isEmpty();
        assertThat(catalog.splitSizes("folder:../outside", null, null)).isEmpty();
        assertThat(catalog.splitSizes("imagenet", null, null)).isEmpty();
    }
}
