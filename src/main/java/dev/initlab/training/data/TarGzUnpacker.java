package dev.initlab.training.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unpacks a {@code .tgz} into a scratch folder and renames it into place only when every entry is
 * out, so an interrupted unpack never looks finished. Only folders and regular files are written;
 * an entry whose path leaves the target folder fails the whole unpack.
 */
final class TarGzUnpacker {

    private static final Logger log = LoggerFactory.getLogger(TarGzUnpacker.class);

    private TarGzUnpacker() {
    }

    /**
     * Unpacks {@code archive} so that its top folder named {@code target}'s file name (or, without
     * one, the whole archive) becomes {@code target}. Callers hold the target's lock.
     */
    static void unpack(Path archive, Path target) throws IOException {
        Path scratch = target.resolveSibling("." + target.getFileName() + ".unpacking");
        deleteRecursively(scratch);
        Files.createDirectories(scratch);
        try {
            int files = extractInto(archive, scratch);
            Path top = scratch.resolve(target.getFileName().toString());
            Path unpacked = Files.isDirectory(top) ? top : scratch;
            Files.move(unpacked, target, StandardCopyOption.ATOMIC_MOVE);
            log.info("Unpacked {} files from {} into {}", files, archive, target);
        } finally {
            deleteRecursively(scratch);
        }
    }

    private static int extractInto(Path archive, Path folder) throws IOException {
        int files = 0;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(raw))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                Path destination = insideOrFail(folder, entry.getName(), archive);
                if (entry.isDirectory()) {
                    Files.createDirectories(destination);
                } else if (entry.isFile()) {
                    Files.createDirectories(destination.getParent());
                    Files.copy(tar, destination, StandardCopyOption.REPLACE_EXISTING);
                    files++;
                } else {
                    log.warn("Skipping {} in {}: only folders and regular files are unpacked", entry.getName(), archive);
                }
            }
        }
        return files;
    }

    private static Path insideOrFail(Path folder, String entryName, Path archive) throws IOException {
        Path destination = folder.resolve(entryName).normalize();
        if (entryName.startsWith("/") || !destination.startsWith(folder)) {
            throw new IOException("Archive " + archive + " has an entry outside its folder: " + entryName);
        }
        return destination;
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path each : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(each);
            }
        }
    }
}
