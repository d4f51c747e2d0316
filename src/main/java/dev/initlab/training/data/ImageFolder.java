package dev.initlab.training.data;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

/**
 * An ImageFolder tree: {@code train/<class>/<image>} and {@code val/<class>/<image>} (or
 * {@code valid/}). Classes are the sorted folder names under {@code train/}; images are
 * {@code .jpg}, {@code .jpeg} and {@code .png} files in any letter case, in sorted path order.
 * Every image must resolve, symbolic links followed, inside the folder it is confined to; each image's
 * size and modification time are part of its version, so the pixel cache follows edits to the tree.
 */
final class ImageFolder {

    static {
        // ImageIO otherwise buffers every stream in a temp file
        ImageIO.setUseCache(false);
    }

    private ImageFolder() {
    }

    static SourceDataset open(String name, Path root, Path confinedTo) throws IOException {
        Path train = root.resolve("train");
        Path valid = Files.isDirectory(root.resolve("val")) ? root.resolve("val") : root.resolve("valid");
        if (!Files.isDirectory(train) || !Files.isDirectory(valid)) {
            throw new IOException("Dataset folder " + root + " needs train/ and val/ (or valid/) folders");
        }
        List<String> classes = classFolders(train);
        if (classes.isEmpty()) {
            throw new IOException("Dataset folder " + train + " has no class folders");
        }
        Path confinement = confinedTo.toRealPath();
        return new SourceDataset(name, classes, split(root, train, classes, confinement),
                split(root, valid, classes, confinement));
    }

    private static List<String> classFolders(Path split) throws IOException {
        try (Stream<Path> children = Files.list(split)) {
            return children.filter(Files::isDirectory).map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    private static FileSplit split(Path root, Path split, List<String> classes, Path confinement) throws IOException {
        for (String folder : classFolders(split)) {
            if (!classes.contains(folder)) {
                throw new IOException("Class folder " + split.resolve(folder) + " has no counterpart under train/");
            }
        }
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<String> versions = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            Path classFolder = split.resolve(classes.get(label));
            if (!Files.isDirectory(classFolder)) {
                continue;
            }
            // walked by its real path, so that a linked class folder is listed too; ids keep the tree's own names
            Path realFolder = confined(classFolder, confinement);
            try (Stream<Path> walk = Files.walk(realFolder)) {
                for (Path found : walk.filter(Files::isRegularFile).filter(ImageFolder::isImage).sorted().toList()) {
                    Path file = classFolder.resolve(realFolder.relativize(found).toString());
                    confined(file, confinement);
                    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                    files.add(file);
                    labels.add(label);
                    versions.add(attributes.size() + "@" + attributes.lastModifiedTime().toMillis());
                }
            }
        }
        return new FileSplit(root, files, labels.stream().mapToInt(Integer::intValue).toArray(), versions);
    }

    /** The real path of {@code path}, which must lie inside {@code confinement} once symbolic links are followed. */
    private static Path confined(Path path, Path confinement) throws IOException {
        Path real = path.toRealPath();
        if (!real.startsWith(confinement)) {
            throw new IOException(path + " leads outside " + confinement + " through a symbolic link; refused");
        }
        return real;
    }

    private static boolean isImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png");
    }

    private record FileSplit(Path root, List<Path> files, int[] labels, List<String> versions) implements SourceSplit {

        @Override
        public int size() {
            return files.size();
        }

        @Override
        public int label(int index) {
            return labels[index];
        }

        @Override
        public String id(int index) {
            return root.relativize(files.get(index)).toString();
        }

        @Override
        public String version(int index) {
            return versions.get(index);
        }

        @Override
        public Pixels read(int index) throws IOException {
            Path file = files.get(index);
            BufferedImage image;
            try {
                image = ImageIO.read(file.toFile());
            } catch (IOException | RuntimeException e) {
                throw new IOException("Cannot decode image " + file + ": " + e.getMessage(), e);
            }
            if (image == null) {
                throw new IOException("Cannot decode image " + file + ": not a format ImageIO reads");
            }
            return toRgb(image);
        }

        private static Pixels toRgb(BufferedImage image) {
            int width = image.getWidth();
            int height = image.getHeight();
            if (image.getType() == BufferedImage.TYPE_3BYTE_BGR
                    && image.getRaster().getDataBuffer() instanceof DataBufferByte buffer
                    && buffer.getData().length == width * height * 3) {
                // what ImageIO gives for colour JPEGs: swap to RGB, much faster than getRGB per pixel
                byte[] bgr = buffer.getData();
                byte[] rgb = new byte[bgr.length];
                for (int i = 0; i < bgr.length; i += 3) {
                    rgb[i] = bgr[i + 2];
                    rgb[i + 1] = bgr[i + 1];
                    rgb[i + 2] = bgr[i];
                }
                return new Pixels(width, height, 3, rgb);
            }
            int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
            byte[] rgb = new byte[argb.length * 3];
            for (int i = 0; i < argb.length; i++) {
                rgb[3 * i] = (byte) (argb[i] >> 16);
                rgb[3 * i + 1] = (byte) (argb[i] >> 8);
                rgb[3 * i + 2] = (byte) argb[i];
            }
            return new Pixels(width, height, 3, rgb);
        }
    }
}
