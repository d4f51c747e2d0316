package dev.initlab.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {

    @TempDir
    Path root;

    @Test
    void classesAreTheSortedTrainFoldersAndImagesOfAnyCaseAreFound() throws IOException {
        TestFiles.write(root.resolve("train/zebra/1.PNG"), TestFiles.png(4, 4, 0xFF0000));
        TestFiles.write(root.resolve("train/apple/2.png"), TestFiles.png(4, 4, 0x00FF00));
        TestFiles.write(root.resolve("train/apple/3.JPeG"), TestFiles.png(4, 4, 0x00FF00));
        TestFiles.write(root.resolve("train/apple/notes.txt"), new byte[] {1, 2});
        TestFiles.write(root.resolve("valid/zebra/4.jpg"), TestFiles.png(4, 4, 0xFF0000));

        SourceDataset dataset = ImageFolder.open("folder:x", root);

        assertThat(dataset.classNames()).containsExactly("apple", "zebra");
        assertThat(dataset.train().size()).isEqualTo(3);
        assertThat(dataset.train().id(0)).isEqualTo(Path.of("train/apple/2.png").toString());
        assertThat(dataset.train().label(0)).isZero();
        assertThat(dataset.train().label(2)).isEqualTo(1);
        assertThat(dataset.valid().size()).isEqualTo(1);
        assertThat(dataset.valid().label(0)).isEqualTo(1);
        Pixels red = dataset.train().read(2);
        assertThat(red.channels()).isEqualTo(3);
        assertThat(red.data()[0] & 0xFF).isEqualTo(255);
        assertThat(red.data()[1]).isZero();
    }

    @Test
    void unreadableImageFailsNamingItsPath() throws IOException {
        TestFiles.write(root.resolve("train/cat/ok.png"), TestFiles.png(4, 4, 0));
        Path broken = TestFiles.write(root.resolve("train/cat/broken.jpg"), "not a jpeg".getBytes());
        TestFiles.write(root.resolve("val/cat/ok.png"), TestFiles.png(4, 4, 0));
        SourceDataset dataset = ImageFolder.open("folder:x", root);

        assertThatThrownBy(() -> dataset.train().read(0))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(broken.toString());
    }

    @Test
    void folderWithoutValidationSplitIsRefused() throws IOException {
        TestFiles.write(root.resolve("train/cat/ok.png"), TestFiles.png(4, 4, 0));

        assertThatThrownBy(() -> ImageFolder.open("folder:x", root))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("val/");
    }
}
