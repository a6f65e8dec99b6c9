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
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Creates the runtime folders at start, so a user sees where to drop files, and keeps what the service writes from
 * other users: reports, dead letters and handled input hold emails, so their folders are {@code rwxr-x---} (the
 * owner and its group), the inbox {@code rwxrwx---} when the service creates it (the group may drop files). Health
 * is DOWN when a folder is not writable.
 */
@Component
public class DataFolders implements HealthIndicator {
    private static final Logger LOG = LoggerFactory.getLogger(DataFolders.class);
    static final Set<PosixFilePermission> OUTPUTS = PosixFilePermissions.fromString("rwxr-x---");
    static final Set<PosixFilePermission> INBOX = PosixFilePermissions.fromString("rwxrwx---");

    private final Path inbox;
    private final List<Path> outputs;

    public DataFolders(SyncProperties sync) {
        this.inbox = sync.inboxDir();
        this.outputs = List.of(sync.processedDir(), sync.failedDir(), sync.reportsDir(), sync.deadLetterDir(),
                sync.dataDir().resolve("sftp-work"), sync.dataDir().resolve("artemis"), sync.checkpointsDir());
    }

    @Override
    public Health health() {
        for (Path folder : folders()) {
            if (!Files.isDirectory(folder) || !Files.isWritable(folder)) {
                return Health.down().withDetail("notWritable", folder.toString()).build();
            }
        }
        return Health.up().withDetail("inbox", inbox.toString()).build();
    }

    private List<Path> folders() {
        return List.of(inbox, outputs.get(0), outputs.get(1), outputs.get(2), outputs.get(3));
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
