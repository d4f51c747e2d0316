package dev.initlab.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImagenetteDownloadTest {

    private static final String NAME = "imagenette2-160";
    private static final String ARCHIVE_PATH = "/" + NAME + ".tgz";

    @TempDir
    Path dataRoot;

    private LocalServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = new LocalServer();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void archiveIsDownloadedCheckedAndUnpackedIntoAnImageFolder() throws Exception {
        byte[] archive = tinyImagenette();
        server.serve(ARCHIVE_PATH, archive);

        PreparedDataset dataset = catalog(md5(archive)).prepare(new DatasetRequest(NAME, 8, null, null));

        assertThat(dataset.classNames()).containsExactly("n01440764", "n02102040");
        assertThat(dataset.train().size()).isEqualTo(4);
        assertThat(dataset.valid().size()).isEqualTo(2);
        assertThat(dataRoot.resolve(NAME + ".tgz")).exists();
        assertThat(dataRoot.resolve(NAME + "/train/n01440764/a.png")).exists();
        assertThat(Files.list(dataRoot).map(path -> path.getFileName().toString()))
                .noneMatch(file -> file.endsWith(".partial") || file.endsWith(".unpacking"));
    }

    @Test
    void archiveWithWrongMd5IsDiscardedAndFails() throws Exception {
        server.serve(ARCHIVE_PATH, tinyImagenette());
        DatasetCatalog catalog = catalog("00000000000000000000000000000000");

        assertThatThrownBy(() -> catalog.prepare(new DatasetRequest(NAME, 8, null, null)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("corrupt")
                .hasMessageContaining("MD5");
        assertThat(dataRoot.resolve(NAME + ".tgz")).doesNotExist();
        assertThat(dataRoot.resolve(NAME + ".tgz.partial")).doesNotExist();
        assertThat(dataRoot.resolve(NAME)).doesNotExist();
    }

    @Test
    void partialFileFromAnInterruptedDownloadIsNotUsed() throws Exception {
        byte[] archive = tinyImagenette();
        server.serve(ARCHIVE_PATH, archive);
        Files.write(dataRoot.resolve(NAME + ".tgz.partial"), new byte[] {31, -117, 8, 0});

        PreparedDataset dataset = catalog(md5(archive)).prepare(new DatasetRequest(NAME, 8, null, null));

        assertThat(dataset.train().size()).isEqualTo(4);
        assertThat(server.requestsFor(ARCHIVE_PATH)).isEqualTo(1);
        assertThat(dataRoot.resolve(NAME + ".tgz.partial")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {NAME + "/../../escaped.png", "/tmp/initlab-absolute-entry.png"})
    void entryThatLeavesTheTargetFolderIsRefused(String escapingEntry) throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(NAME + "/train/a/1.png", TestFiles.png(8, 8, 0));
        entries.put(escapingEntry, TestFiles.png(8, 8, 0));
        byte[] archive = TestFiles.tarGz(entries);
        server.serve(ARCHIVE_PATH, archive);

        assertThatThrownBy(() -> catalog(md5(archive)).prepare(new DatasetRequest(NAME, 8, null, null)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("outside its folder")
                .hasMessageContaining(escapingEntry);
        assertThat(dataRoot.resolveSibling("escaped.png")).doesNotExist();
        assertThat(Path.of("/tmp/initlab-absolute-entry.png")).doesNotExist();
        assertThat(dataRoot.resolve(NAME)).doesNotExist();
    }

    @Test
    void concurrentPreparesDownloadTheArchiveOnce() throws Exception {
        byte[] archive = tinyImagenette();
        // the download is held until the other preparer reports that it waits, so the two calls surely overlap
        CountDownLatch otherPreparerWaits = new CountDownLatch(1);
        server.serve(ARCHIVE_PATH, archive).holdResponsesUntil(otherPreparerWaits);
        PreparationMonitor reportsWaiting = new PreparationMonitor() {
            @Override
            public void progress(String phase, long done, long total) {
                if (phase.startsWith("waiting for")) {
                    otherPreparerWaits.countDown();
                }
            }

            @Override
            public boolean stopRequested() {
                return false;
            }
        };
        String md5 = md5(archive);
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            List<Future<PreparedDataset>> prepared = List.of(
                    callers.submit(() -> catalog(md5).prepare(new DatasetRequest(NAME, 8, null, null), reportsWaiting)),
                    callers.submit(() -> catalog(md5).prepare(new DatasetRequest(NAME, 8, null, null), reportsWaiting)));

            for (Future<PreparedDataset> each : prepared) {
                assertThat(each.get().train().size()).isEqualTo(4);
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(otherPreparerWaits.getCount()).as("one preparer waited for the other's download").isZero();
        assertThat(server.requestsFor(ARCHIVE_PATH)).isEqualTo(1);
    }

    @Test
    void redirectedDownloadIsFollowed() throws Exception {
        byte[] archive = tinyImagenette();
        server.serve("/mirror" + ARCHIVE_PATH, archive).redirect(ARCHIVE_PATH, "/mirror" + ARCHIVE_PATH);

        PreparedDataset dataset = catalog(md5(archive)).prepare(new DatasetRequest(NAME, 8, null, null));

        assertThat(dataset.train().size()).isEqualTo(4);
        assertThat(server.requestsFor("/mirror" + ARCHIVE_PATH)).isEqualTo(1);
    }

    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void stalledDownloadFailsWithItsUrlAndTheTimeout() throws Exception {
        byte[] archive = tinyImagenette();
        server.stall(ARCHIVE_PATH, archive, archive.length / 2);
        DatasetCatalog catalog = new DatasetCatalog(dataRoot, sources(md5(archive))
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(1)));
        long start = System.nanoTime();

        assertThatThrownBy(() -> catalog.prepare(new DatasetRequest(NAME, 8, null, null)))
                .isInstanceOf(IOException.class)
                .hasMessage("Download of " + archiveUrl() + " stalled: no data for 1 s (read timeout)");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        assertThat(dataRoot.resolve(NAME + ".tgz.partial")).doesNotExist();
        assertThat(dataRoot.resolve(NAME + ".tgz")).doesNotExist();
    }

    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void downloadAskedToStopMidwayIsCancelledPromptlyAndLeavesNoPartial() throws Exception {
        // 200 KB at 1 KB per 20 ms: 4 s if the stop were ignored
        byte[] archive = new byte[200_000];
        new Random(1).nextBytes(archive);
        server.trickle(ARCHIVE_PATH, archive, 1_000, 20);
        RecordingMonitor monitor = RecordingMonitor.stoppingAt(report ->
                report.phase().startsWith("downloading") && report.done() >= 10_000);

        assertThatThrownBy(() -> catalog(md5(archive)).prepare(new DatasetRequest(NAME, 8, null, null), monitor))
                .isInstanceOf(CancellationException.class)
                .hasMessage("cancelled while downloading " + archiveUrl());
        assertThat(monitor.millisSinceStop()).isLessThan(1_000);
        assertThat(dataRoot.resolve(NAME + ".tgz.partial")).doesNotExist();
        assertThat(dataRoot.resolve(NAME + ".tgz")).doesNotExist();
    }

    @Test
    void downloadReportsItsProgressAgainstTheContentLength() throws Exception {
        byte[] archive = tinyImagenette();
        server.trickle(ARCHIVE_PATH, archive, archive.length / 4, 20);
        RecordingMonitor monitor = RecordingMonitor.neverStopping();

        catalog(md5(archive)).prepare(new DatasetRequest(NAME, 8, null, null), monitor);

        List<RecordingMonitor.Report> reports = monitor.reportsOf("downloading " + archiveUrl());
        assertThat(reports).hasSizeGreaterThan(2).allSatisfy(report -> assertThat(report.total()).isEqualTo(archive.length));
        assertThat(reports.stream().map(RecordingMonitor.Report::done).toList())
                .isSorted().doesNotHaveDuplicates().endsWith((long) archive.length);
    }

    private String archiveUrl() {
        return server.baseUrl().resolve(NAME + ".tgz").toString();
    }

    private DatasetCatalog catalog(String md5) {
        return new DatasetCatalog(dataRoot, sources(md5));
    }

    private DatasetSources sources(String md5) {
        return DatasetSources.defaults()
                .withImagenetteBaseUrl(server.baseUrl())
                .withImagenetteMd5(NAME, md5);
    }

    private static byte[] tinyImagenette() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (String split : List.of("train", "val")) {
            entries.put(NAME + "/" + split + "/n01440764/a.png", TestFiles.png(12, 8, 0xFF0000));
            entries.put(NAME + "/" + split + "/n02102040/b.png", TestFiles.png(8, 12, 0x0000FF));
        }
        entries.put(NAME + "/train/n01440764/c.JPEG", TestFiles.png(10, 10, 0xFF0000));
        entries.put(NAME + "/train/n02102040/d.png", TestFiles.png(9, 9, 0x0000FF));
        return TestFiles.tarGz(entries);
    }

    private static String md5(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
    }
}
