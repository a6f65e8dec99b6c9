package dev.acssync.outcome;

import java.io.IOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * How a run's files are replaced: written aside under a short name of their own (an output name may already use most
 * of the 255 bytes a file name may have), made private, then renamed over the target, so a reader never sees half a
 * file. Reports, checkpoints and the outputs a resumed run trims all go through here.
 */
final class OutputFiles {
    private OutputFiles() {
    }

    /** What writes the new content to the file set aside. */
    interface Content {
        void writeTo(Writer out) throws IOException;
    }

    /** Replaces {@code target} with {@code bytes}; {@code durable}: forced to the disk before the rename. */
    static void replace(Path target, byte[] bytes, boolean durable) throws IOException {
        Path aside = aside(target);
        try {
            try (FileChannel out = FileChannel.open(aside, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                out.write(java.nio.ByteBuffer.wrap(bytes));
                if (durable) {
                    out.force(true);
                }
            }
            moveOver(aside, target);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(aside);
            throw e;
        }
    }

    /** Replaces {@code target} with what {@code content} writes (UTF-8 text). */
    static void replace(Path target, Content content) throws IOException {
        Path aside = aside(target);
        try {
            try (Writer out = Files.newBufferedWriter(aside, StandardCharsets.UTF_8)) {
                content.writeTo(out);
            }
            moveOver(aside, target);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(aside);
            throw e;
        }
    }

    /**
     * Creates {@code target} with {@code bytes}, whole or not at all (written aside, then renamed): a reader never finds
     * it empty. FileAlreadyExistsException when it exists (the run's lock keeps others from creating it meanwhile).
     */
    static void create(Path target, byte[] bytes) throws IOException {
        Path aside = aside(target);
        try {
            Files.write(aside, bytes);
            restrict(aside);
            Files.move(aside, target);
        } finally {
            Files.deleteIfExists(aside);
        }
    }

    /** Outputs hold emails: owner and group only. */
    static void restrict(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        } catch (UnsupportedOperationException | IOException notPosix) {
            // the folder's permissions still apply
        }
    }

    private static Path aside(Path target) throws IOException {
        return Files.createTempFile(target.getParent(), ".replace", ".tmp");
    }

    private static void moveOver(Path aside, Path target) throws IOException {
        restrict(aside);
        Files.move(aside, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
