package dev.initlab.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

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

        SourceDataset dataset = ImageFolder.open("folder:x", root, root);

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
    void colourJpegIsReadInRedGreenBlueOrder() throws IOException {
        BufferedImage orange = new BufferedImage(8, 8, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                orange.setRGB(x, y, 0xF08010);
            }
        }
        Path jpeg = root.resolve("train/orange/1.jpg");
        Files.createDirectories(jpeg.getParent());
        ImageIO.write(orange, "jpg", jpeg.toFile());
        TestFiles.write(root.resolve("val/orange/1.png"), TestFiles.png(4, 4, 0));

        Pixels pixels = ImageFolder.open("folder:x", root, root).train().read(0);

        assertThat(pixels.data()[0] & 0xFF).isBetween(0xF0 - 8, 0xF0 + 8);
        assertThat(pixels.data()[1] & 0xFF).isBetween(0x80 - 8, 0x80 + 8);
        assertThat(pixels.data()[2] & 0xFF).isBetween(0x10 - 8, 0x10 + 8);
    }

    @Test
    void unreadableImageFailsNamingItsPath() throws IOException {
        TestFiles.write(root.resolve("train/cat/ok.png"), TestFiles.png(4, 4, 0));
        Path broken = TestFiles.write(root.resolve("train/cat/broken.jpg"), "not a jpeg".getBytes());
        TestFiles.write(root.resolve("val/cat/ok.png"), TestFiles.png(4, 4, 0));
        SourceDataset dataset = ImageFolder.open("folder:x", root, root);

        assertThatThrownBy(() -> dataset.train().read(0))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(broken.toString());
    }

    @Test
    void imageLinkedFromOutsideTheConfinementIsRefused(@TempDir Path outside) throws IOException {
        TestFiles.write(root.resolve("train/cat/ok.png"), TestFiles.png(4, 4, 0));
        Path secret = TestFiles.write(outside.resolve("secret.png"), TestFiles.png(4, 4, 0xFFFFFF));
        Files.createSymbolicLink(root.resolve("train/cat/linked.png"), secret);
        TestFiles.write(root.resolve("val/cat/ok.png"), TestFiles.png(4, 4, 0));

        assertThatThrownBy(() -> ImageFolder.open("folder:x", root, root))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("linked.png").hasMessageContaining("symbolic link");
    }

    @Test
    void classFolderLinkedFromOutsideTheConfinementIsRefused(@TempDir Path outside) throws IOException {
        TestFiles.write(root.resolve("train/cat/ok.png"), TestFiles.png(4, 4, 0));
        TestFiles.write(outside.resolve("dogs/1.png"), TestFiles.png(4, 4, 0));
        Files.createSymbolicLink(root.resolve("train/dog"), outside.resolve("dogs"));
        TestFiles.write(root.resolve("val/cat/ok.png"), TestFiles.png(4, 4, 0));

        assertThatThrownBy(() -> ImageFolder.open("folder:x", root, root)).isInstanceOf(IOException.class);
    }

    @Test
    void linkThatStaysInsideTheConfinementIsFollowed() throws IOException {
        Path shared = TestFiles.write(root.resolve("shared/one.png"), TestFiles.png(4, 4, 0));
        Files.createDirectories(root.resolve("train/cat"));
        Files.createSymbolicLink(root.resolve("train/cat/one.png"), shared);
        TestFiles.write(root.resolve("val/cat/ok.png"), TestFiles.png(4, 4, 0));

        assertThat(ImageFolder.open("folder:x", root, root).train().size()).isEqualTo(1);
    }

    @Test
    void editedImageGetsANewVersionAndTheCacheIsBuiltAgain(@TempDir Path cacheFolder) throws IOException {
        Path image = TestFiles.write(root.resolve("train/cat/1.png"), TestFiles.png(4, 4, 0xFF0000));
        TestFiles.write(root.resolve("val/cat/1.png"), TestFiles.png(4, 4, 0));
        PixelCache cache = new PixelCache(cacheFolder);
        SourceDataset before = ImageFolder.open("folder:x", root, root);
        cache.prepare(before, 4, null, null, PreparationMonitor.NONE);

        TestFiles.write(image, TestFiles.png(5, 4, 0x0000FF));
        Files.setLastModifiedTime(image, FileTime.fromMillis(Files.getLastModifiedTime(image).toMillis() + 5_000));
        SourceDataset after = ImageFolder.open("folder:x", root, root);
        cache.prepare(after, 4, null, null, PreparationMonitor.NONE);

        assertThat(after.train().id(0)).isEqualTo(before.train().id(0));
        assertThat(after.train().version(0)).isNotEqualTo(before.train().version(0));
        assertThat(after.valid().version(0)).isEqualTo(before.valid().version(0));
        try (Stream<Path> files = Files.list(cacheFolder)) {
            assertThat(files.filter(file -> file.toString().endsWith(".u8")).count()).as("train twice, valid once")
                    .isEqualTo(3);
        }
    }

    @Test
    void folderWithoutValidationSplitIsRefused() throws IOException {
        TestFiles.write(root.resolve("train/cat/ok.png"), TestFiles.png(4, 4, 0));

        assertThatThrownBy(() -> ImageFolder.open("folder:x", root, root))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("val/");
    }
}
