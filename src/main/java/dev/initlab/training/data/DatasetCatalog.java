package dev.initlab.training.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The datasets a run can name, all under one data root: {@code synthetic}, {@code fashion-mnist},
 * {@code imagenette2-160}, {@code imagenette2-320}, {@code imagenette2} and
 * {@code folder:<path under the data root>}. {@link #prepare} fetches what is missing and decodes
 * each image once into the pixel cache under {@code <dataRoot>/cache}; it is safe to call from
 * several threads and processes at once, and reports to a {@link PreparationMonitor} that can stop it.
 */
public final class DatasetCatalog {

    public static final String FOLDER_PREFIX = "folder:";
    public static final List<String> BUILT_IN_NAMES = List.of(
            SyntheticImages.NAME, FashionMnist.NAME, "imagenette2-160", "imagenette2-320", "imagenette2");

    private static final int MAX_IMAGE_SIZE = 1024;

    private final Path dataRoot;
    private final DatasetSources sources;
    private final PixelCache cache;
    private final Downloader downloader;

    public DatasetCatalog(Path dataRoot) {
        this(dataRoot, DatasetSources.defaults());
    }

    public DatasetCatalog(Path dataRoot, DatasetSources sources) {
        this.dataRoot = dataRoot.toAbsolutePath().normalize();
        this.sources = sources;
        this.cache = new PixelCache(this.dataRoot.resolve("cache"));
        this.downloader = new Downloader(sources.connectTimeout(), sources.readTimeout());
    }

    /**
     * Why {@code name} cannot name a dataset, or empty when it can. Checks the form only, so the web
     * layer can use it without a data root; {@link #prepare} also checks that a folder exists.
     */
    public static Optional<String> problemWithName(String name) {
        if (name == null || name.isBlank()) {
            return Optional.of("A dataset name is required");
        }
        if (BUILT_IN_NAMES.contains(name)) {
            return Optional.empty();
        }
        if (!name.startsWith(FOLDER_PREFIX)) {
            return Optional.of("Unknown dataset '" + name + "': use one of " + String.join(", ", BUILT_IN_NAMES)
                    + " or " + FOLDER_PREFIX + "<path under the data root>");
        }
        String relative = name.substring(FOLDER_PREFIX.length());
        if (relative.isBlank()) {
            return Optional.of("'" + name + "' names no folder");
        }
        Path path;
        try {
            path = Path.of(relative);
        } catch (InvalidPathException e) {
            return Optional.of("'" + name + "' is not a valid path: " + e.getReason());
        }
        if (path.isAbsolute()) {
            return Optional.of("'" + name + "' must be a path relative to the data root");
        }
        for (Path part : path) {
            if (part.toString().equals("..")) {
                return Optional.of("'" + name + "' must stay inside the data root (no '..')");
            }
        }
        return Optional.empty();
    }

    public static boolean isValidName(String name) {
        return problemWithName(name).isEmpty();
    }

    public PreparedDataset prepare(DatasetRequest request) throws IOException {
        return prepare(request, PreparationMonitor.NONE);
    }

    /**
     * Reports downloads, cache builds and waits for other preparers to {@code monitor}; throws
     * {@link java.util.concurrent.CancellationException} soon after it asks to stop.
     */
    public PreparedDataset prepare(DatasetRequest request, PreparationMonitor monitor) throws IOException {
        problemWithName(request.name()).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        if (request.imageSize() < 1 || request.imageSize() > MAX_IMAGE_SIZE) {
            throw new IllegalArgumentException("Image size must be between 1 and " + MAX_IMAGE_SIZE + ", got " + request.imageSize());
        }
        SourceDataset source = find(request, monitor);
        return cache.prepare(source, request.imageSize(), request.trainLimit(), request.validLimit(), monitor);
    }

    /**
     * How many images each split of a dataset holds after the limits, as {@link #prepare} chooses them,
     * without downloading or decoding anything: the built-in datasets have known sizes and a folder's
     * image files are counted. Empty for a name the catalog refuses, or a folder it cannot read.
     */
    public Optional<SplitSizes> splitSizes(String name, Integer trainLimit, Integer validLimit) {
        Optional<SplitSizes> whole = isValidName(name) ? wholeSplitSizes(name) : Optional.empty();
        return whole.map(sizes -> new SplitSizes(BalancedSubset.count(sizes.train(), trainLimit),
                BalancedSubset.count(sizes.valid(), validLimit)));
    }

    private Optional<SplitSizes> wholeSplitSizes(String name) {
        if (name.equals(SyntheticImages.NAME)) {
            return Optional.of(new SplitSizes(SyntheticImages.TRAIN_SIZE, SyntheticImages.VALID_SIZE));
        }
        if (name.equals(FashionMnist.NAME)) {
            return Optional.of(new SplitSizes(FashionMnist.TRAIN_IMAGES, FashionMnist.TEST_IMAGES));
        }
        if (!name.startsWith(FOLDER_PREFIX)) {
            return Optional.of(new SplitSizes(Imagenette.TRAIN_IMAGES, Imagenette.VALID_IMAGES));
        }
        try {
            SourceDataset folder = openFolder(name);
            return Optional.of(new SplitSizes(folder.train().size(), folder.valid().size()));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private SourceDataset find(DatasetRequest request, PreparationMonitor monitor) throws IOException {
        String name = request.name();
        if (name.equals(SyntheticImages.NAME)) {
            return SyntheticImages.open(request.imageSize());
        }
        if (name.equals(FashionMnist.NAME)) {
            return FashionMnist.open(dataRoot, sources.systemFashionMnistFolder(), sources.fashionMnistBaseUrl(),
                    downloader, monitor);
        }
        if (name.startsWith(FOLDER_PREFIX)) {
            return openFolder(name);
        }
        Path folder = Imagenette.ensureUnpacked(dataRoot, name, sources.imagenetteBaseUrl(), sources.imagenetteMd5().get(name),
                downloader, monitor);
        return ImageFolder.open(name, folder, dataRoot);
    }

    /** A {@code folder:} dataset, confined to the data root. */
    private SourceDataset openFolder(String name) throws IOException {
        return ImageFolder.open(name, folderInsideRoot(name.substring(FOLDER_PREFIX.length())), dataRoot);
    }

    /** Resolves symbolic links too, so that a link cannot lead out of the data root either. */
    private Path folderInsideRoot(String relative) throws IOException {
        Path folder = dataRoot.resolve(relative).normalize();
        if (!Files.isDirectory(folder)) {
            throw new IOException("Dataset folder " + folder + " does not exist");
        }
        if (!folder.toRealPath().startsWith(dataRoot.toRealPath())) {
            throw new IllegalArgumentException("Dataset folder " + relative + " leads outside the data root");
        }
        return folder;
    }
}
