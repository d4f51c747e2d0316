package dev.initlab.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetNameTest {

    @TempDir
    Path temp;

    @Test
    void builtInNamesAndRelativeFoldersAreValid() {
        assertThat(DatasetCatalog.BUILT_IN_NAMES).allMatch(DatasetCatalog::isValidName);
        assertThat(DatasetCatalog.isValidName("folder:pets")).isTrue();
        assertThat(DatasetCatalog.isValidName("folder:my/pets.v2")).isTrue();
    }

    @Test
    void unknownNamesAndFoldersOutsideTheDataRootAreInvalid() {
        assertThat(DatasetCatalog.problemWithName("imagenet")).get().asString().contains("Unknown dataset");
        assertThat(DatasetCatalog.problemWithName(null)).isPresent();
        assertThat(DatasetCatalog.problemWithName("folder:")).isPresent();
        assertThat(DatasetCatalog.problemWithName("folder:../secrets")).get().asString().contains("inside the data root");
        assertThat(DatasetCatalog.problemWithName("folder:pets/../../x")).get().asString().contains("inside the data root");
        assertThat(DatasetCatalog.problemWithName("folder:/etc")).get().asString().contains("relative");
    }

    @Test
    void prepareRefusesAnInvalidName() {
        DatasetCatalog catalog = new DatasetCatalog(temp);

        assertThatThrownBy(() -> catalog.prepare(new DatasetRequest("folder:../x", 8, null, null)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void linkLeadingOutOfTheDataRootIsRefused() throws IOException {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        TestFiles.write(outside.resolve("train/a/1.png"), TestFiles.png(4, 4, 0));
        TestFiles.write(outside.resolve("val/a/1.png"), TestFiles.png(4, 4, 0));
        Path dataRoot = Files.createDirectories(temp.resolve("root"));
        Files.createSymbolicLink(dataRoot.resolve("link"), outside);
        DatasetCatalog catalog = new DatasetCatalog(dataRoot);

        assertThatThrownBy(() -> catalog.prepare(new DatasetRequest("folder:link", 4, null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside the data root");
    }
}
