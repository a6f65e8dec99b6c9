package dev.acssync.source;

import jakarta.annotation.PostConstruct;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Creates the runtime folders at start, so a user sees where to drop files, and keeps what the service writes from
 * other users: reports, dead letters and handled input hold emails, so their folders are {@code rwxr-x---} (the
 * owner and its group), the inbox {@code rwxrwx---} when the service creates it (the group may drop files). Health
 * is DOWN when a folder is not writable, or when the data folder or the embedded broker's journal has less than
 * {@code sync.min-free-space-mb} free (Spring's own {@code diskSpace} watches the working folder, not these); it names
 * the files waiting in the inbox with their reason ({@link InboxNames}).
 */
@Component
public class DataFolders implements HealthIndicator {
    private static final Logger LOG = LoggerFactory.getLogger(DataFolders.class);
    static final Set<PosixFilePermission> OUTPUTS = PosixFilePermissions.fromString("rwxr-x---");
    static final Set<PosixFilePermission> INBOX = PosixFilePermissions.fromString("rwxrwx---");

    private final Path inbox;
    private final List<Path> outputs;
    private final Path dataDir;
    private final Path journal;
    private final long minFreeBytes;
    private final InboxNames inboxNames;

    public DataFolders(SyncProperties sync, InboxNames inboxNames,
                       @Value("${spring.artemis.embedded.enabled:true}") boolean embeddedBroker,
                       @Value("${spring.artemis.embedded.data-directory:}") String journal) {
        this.inboxNames = inboxNames;
        this.dataDir = sync.dataDir();
        this.journal = embeddedBroker && !journal.isBlank() ? Path.of(journal) : null;
        this.minFreeBytes = sync.minFreeSpaceMb() * 1024 * 1024;
        this.inbox = sync.inboxDir();
        this.outputs = List.of(sync.processedDir(), sync.failedDir(), sync.reportsDir(), sync.deadLetterDir(),
                sync.dataDir().resolve("sftp-work"), sync.dataDir().resolve("artemis"), sync.checkpointsDir());
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("inbox", inbox.toString());
        String down = null;
        for (Path folder : folders()) {
            if (!Files.isDirectory(folder) || !Files.isWritable(folder)) {
                down = "notWritable: " + folder;
                details.put("notWritable", folder.toString());
                break;
            }
        }
        for (Path watched : journal == null ? List.of(dataDir) : List.of(dataDir, journal)) {
            long free = usableSpace(watched);
            details.put("free " + watched, free < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f MB", free / 1024.0 / 1024.0));
            if (free >= 0 && free < minFreeBytes && down == null) {
                down = "lowOnSpace";
                details.put("lowOnSpace", watched + " has less than sync.min-free-space-mb (" + minFreeBytes / 1024 / 1024
                        + " MB) free");
            }
        }
        Map<String, String> waiting = inboxNames.waiting();
        if (!waiting.isEmpty()) {
            details.put("filesWaiting", waiting);
        }
        return (down == null ? Health.up() : Health.down()).withDetails(details).build();
    }

    /** Usable bytes on the file system of {@code folder} (or of its nearest existing parent); -1 when unknown. */
    private static long usableSpace(Path folder) {
        for (Path p = folder.toAbsolutePath(); p != null; p = p.getParent()) {
            try {
                if (Files.exists(p)) {
                    return Files.getFileStore(p).getUsableSpace();
                }
            } catch (IOException e) {
                return -1;
            }
        }
        return -1;
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
