package dev.initlab.training.data;

import static dev.initlab.training.data.PreparationMonitor.NONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PixelCacheTest {

    @TempDir
    Path cacheFolder;

    @Test
    void cacheIsBuiltOnceAndLaterPreparesDoNotDecode() throws IOException {
        CoordinateImages train = new CoordinateImages(6);
        CoordinateImages valid = new CoordinateImages(3);
        new PixelCache(cacheFolder).prepare(CoordinateImages.dataset(train, valid), 8, null, null, NONE);
        assertThat(train.reads.get()).isEqualTo(6);
        List<FileTime> builtAt = modificationTimes();

        PreparedDataset again = new PixelCache(cacheFolder).prepare(CoordinateImages.dataset(train, valid), 8, null, null, NONE);

        assertThat(train.reads.get()).isEqualTo(6);
        assertThat(valid.reads.get()).isEqualTo(3);
        assertThat(modificationTimes()).isEqualTo(builtAt);
        assertThat(again.train().size()).isEqualTo(6);
        assertThat(again.valid().label(2)).isEqualTo(2);
    }

    @Test
    void eachSizeAndSubsetHasItsOwnCacheFile() throws IOException {
        SourceDataset source = CoordinateImages.dataset(new CoordinateImages(6), new CoordinateImages(3));
        PixelCache cache = new PixelCache(cacheFolder);

        cache.prepare(source, 8, null, null, NONE);
        cache.prepare(source, 4, null, null, NONE);
        PreparedDataset subset = cache.prepare(source, 8, 3, null, NONE);

        assertThat(subset.train().size()).isEqualTo(3);
        assertThat(cacheFiles()).hasSize(5);
    }

    @Test
    void leftoverPartialFileFromAnInterruptedBuildIsIgnored() throws IOException {
        SourceDataset source = CoordinateImages.dataset(new CoordinateImages(6), new CoordinateImages(3));
        new PixelCache(cacheFolder).prepare(source, 8, null, null, NONE);
        Path trainFile = cacheFiles().stream().filter(file -> file.toString().contains("-train-")).findFirst().orElseThrow();
        Files.delete(trainFile);
        Path partial = Files.write(trainFile.resolveSibling(trainFile.getFileName() + ".partial"), new byte[] {1, 2, 3});

        PreparedDataset rebuilt = new PixelCache(cacheFolder).prepare(source, 8, null, null, NONE);

        assertThat(partial).doesNotExist();
        assertThat(trainFile).exists();
        assertThat(rebuilt.train().size()).isEqualTo(6);
    }

    @Test
    void failedBuildLeavesNoCacheFileBehind() {
        SourceDataset failing = CoordinateImages.dataset(new CoordinateImages(6, 4), new CoordinateImages(3));

        assertThatThrownBy(() -> new PixelCache(cacheFolder).prepare(failing, 8, null, null, NONE))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("image-4");
        assertThat(cacheFiles()).isEmpty();
        assertThat(cacheFolder.toFile().list((dir, name) -> name.endsWith(".partial"))).isEmpty();
    }

    @Test
    void imagesAreStoredWithTheirShorterSideAtTheRequestedSize() throws IOException {
        SourceDataset source = CoordinateImages.dataset(new CoordinateImages(2), new CoordinateImages(1));

        CachedSplit train = (CachedSplit) new PixelCache(cacheFolder).prepare(source, 4, null, null, NONE).train();

        assertThat(train.cachedWidth(0)).isEqualTo(6);
        assertThat(train.cachedHeight(0)).isEqualTo(4);
        assertThat(train.cachedWidth(1)).isEqualTo(4);
        assertThat(train.cachedHeight(1)).isEqualTo(5);
    }

    @Test
    void cacheSplitOverSeveralMappingsReadsTheSamePixels() throws IOException {
        SourceDataset source = CoordinateImages.dataset(new CoordinateImages(7), new CoordinateImages(3));
        ImageSplit whole = new PixelCache(cacheFolder).prepare(source, 8, null, null, NONE).train();
        Path trainFile = cacheFiles().stream().filter(file -> file.toString().contains("-train-")).findFirst().orElseThrow();

        ImageSplit segmented = CachedSplit.open(trainFile, "segmented", 300);

        try (BatchStream expected = whole.batches(7, true, 3, 1); BatchStream actual = segmented.batches(7, true, 3, 1)) {
            assertThat(actual.next().pixels()).isEqualTo(expected.next().pixels());
        }
    }

    @Test
    void cacheBuildReportsEachImageOfEachSplit() throws IOException {
        RecordingMonitor monitor = RecordingMonitor.neverStopping();

        new PixelCache(cacheFolder).prepare(CoordinateImages.dataset(new CoordinateImages(6), new CoordinateImages(3)),
                8, null, null, monitor);

        assertThat(monitor.reportsOf("caching coordinates train at 8 px")).extracting(RecordingMonitor.Report::done)
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(monitor.reportsOf("caching coordinates train at 8 px")).allMatch(report -> report.total() == 6);
        assertThat(monitor.reportsOf("caching coordinates valid at 8 px")).extracting(RecordingMonitor.Report::done)
                .containsExactly(0L, 1L, 2L, 3L);
    }

    @Test
    void cacheBuildAskedToStopAfterAFewImagesLeavesNoCacheFile() {
        CoordinateImages train = new CoordinateImages(200);
        RecordingMonitor monitor = RecordingMonitor.stoppingAt(report -> report.done() == 3);

        assertThatThrownBy(() -> new PixelCache(cacheFolder).prepare(CoordinateImages.dataset(train, new CoordinateImages(3)),
                8, null, null, monitor))
                .isInstanceOf(CancellationException.class)
                .hasMessage("cancelled while caching coordinates train at 8 px");
        assertThat(monitor.reports.get(monitor.reports.size() - 1).done()).isEqualTo(3);
        assertThat(train.reads.get()).isLessThan(200);
        assertThat(cacheFiles()).isEmpty();
        assertThat(cacheFolder.toFile().list((dir, name) -> name.endsWith(".partial"))).isEmpty();
    }

    private List<Path> cacheFiles() {
        try (Stream<Path> files = Files.list(cacheFolder)) {
            return files.filter(file -> file.toString().endsWith(".u8")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<FileTime> modificationTimes() throws IOException {
        List<FileTime> times = new ArrayList<>();
        for (Path file : cacheFiles()) {
            times.add(Files.getLastModifiedTime(file));
        }
        return times;
    }
}
