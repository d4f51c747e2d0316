package dev.initlab.database;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * The embedded database's superuser password, generated once and kept in a file only its owner may read,
 * inside the data directory (which PostgreSQL itself keeps at 0700).
 */
final class SuperuserPassword {

    static final String FILE_NAME = "superuser-password";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();

    private SuperuserPassword() {
    }

    /** 256 random bits, URL-safe so that it needs no quoting in a shell, a URL or a pgpass file. */
    static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The stored password; empty for a data directory written by an InitLab that had none. */
    static Optional<String> read(Path dataDirectory) throws IOException {
        Path file = dataDirectory.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        // a copy or a restore from backup may have loosened it
        Files.setPosixFilePermissions(file, OWNER_ONLY);
        return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip());
    }

    /**
     * Writes {@code password} to {@code file}: to a file created 0600 beside it, then renamed, so that the
     * password is never readable by others nor half-written.
     */
    static void write(Path file, String password) throws IOException {
        Path pending = Files.createTempFile(file.getParent(), file.getFileName() + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            Files.writeString(pending, password + "\n", StandardCharsets.UTF_8);
            Files.move(pending, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(pending);
        }
    }
}
