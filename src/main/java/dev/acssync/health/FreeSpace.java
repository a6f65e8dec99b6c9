package dev.acssync.health;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Free space as the checks show it. */
final class FreeSpace {
    private FreeSpace() {
    }

    /** Usable bytes on the file system of {@code folder} (or of its nearest existing parent); -1 when unknown. */
    static long bytes(Path folder) {
        for (Path p = folder.toAbsolutePath(); p != null; p = p.getParent()) {
            try {
                if (Files.exists(p)) {
                    return Files.getFileStore(p).getUsableSpace();
                }
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
        return -1;
    }

    static String text(long bytes) {
        return bytes < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f MB", bytes / 1024.0 / 1024.0);
    }
}
