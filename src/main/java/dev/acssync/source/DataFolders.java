package dev.acssync.source;

import jakarta.annotation.PostConstruct;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Creates the runtime folders at start, so a user sees where to drop files, and keeps what the service writes from
 * other users: reports, dead letters and handled input hold emails, so their folders are {@code rwxr-x---} (the
 * owner and its group), the inbox {@code rwxrwx---} when the service creates it (the group may drop files). Health
 * ({@code sync/dataFolders}) is DOWN when a folder is not writable, or when the data folder or the embedded broker's
 * journal has less than {@code sync.min-free-space-mb} free (Spring's own {@code diskSpace} watches the working folder,
 * not these); it names the files waiting in the inbox with their reason ({@link InboxNames}).
 */
@Component
public class DataFolders {
    private static final Logger LOG = LoggerFactory.getLogger(DataFolders.class);
    static final Set<PosixFilePermission> OUTPUTS = PosixFilePermissions.fromString("rwxr-x---");
    static final Set<PosixFilePermission> INBOX = PosixFilePermissions.fromString("rwxrwx---");

    private final Path inbox;
    private final List<Path> outputs;
    private final Path dataDir;
    private final Path journal;
    private final long minFreeBytes;

    public DataFolders(SyncProperties sync,
                       @Value("${spring.artemis.embedded.enabled:true}") boolean embeddedBroker,
                       @Value("${spring.artemis.embedded.data-directory:}") String journal) {
        this.dataDir = sync.dataDir();
        this.journal = embeddedBroker && !journal.isBlank() ? Path.of(journal) : null;
        this.minFreeBytes = sync.minFreeSpaceMb() * 1024 * 1024;
        this.inbox = sync.inboxDir();
        this.outputs = List.of(sync.processedDir(), sync.failedDir(), sync.reportsDir(), sync.deadLetterDir(),
                sync.dataDir().resolve("sftp-work"), sync.dataDir().resolve("artemis"), sync.checkpointsDir());
    }

    public Path inbox() {
        return inbox;
    }

    /** The folders the service must be able to write: the inbox and the outputs (processed, failed, reports, dead letters). */
    public List<Path> writableFolders() {
        return List.of(inbox, outputs.get(0), outputs.get(1), outputs.get(2), outputs.get(3));
    }

    /** The folders whose free space is watched: the data folder, and the embedded broker's journal when there is one. */
    public List<Path> spaceWatched() {
        return journal == null ? List.of(dataDir) : List.of(dataDir, journal);
    }

    /** {@code sync.min-free-space-mb}, in bytes. */
    public long minFreeBytes() {
        return minFreeBytes;
    }

    @PostConstruct
    void create() throws IOException {
        if (!Files.exists(inbox)) {
            Files.createDirectories(inbox);
            restrict(inbox, INBOX);
        }
        for (Path folder : outputs) {
            Files.createDirectories(folder);
            restrict(folder, OUTPUTS);
        }
    }

    /** On a POSIX file system, for a folder the service owns; elsewhere (Windows, a share it does not own) as it is. */
    private static void restrict(Path folder, Set<PosixFilePermission> permissions) {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try {
            Files.setPosixFilePermissions(folder, permissions);
        } catch (IOException | SecurityException e) {
            LOG.warn("Could not restrict {} to {}: {}", folder, PosixFilePermissions.toString(permissions), e.toString());
        }
    }
}
