package dev.acssync.health;

import dev.acssync.source.DataFolders;
import dev.acssync.source.InboxNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.springframework.stereotype.Component;

/**
 * {@code dataFolders}: DOWN when a folder the service writes is not writable, or when the data folder or the embedded
 * broker's journal has less than {@code sync.min-free-space-mb} free; names the inbox files that wait, with their reason.
 */
@Component
class DataFoldersCheck extends SyncHealthCheck {
    private final DataFolders folders;
    private final InboxNames inboxNames;

    public DataFoldersCheck(DataFolders folders, InboxNames inboxNames) {
        super("dataFolders");
        this.folders = folders;
        this.inboxNames = inboxNames;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("inbox", folders.inbox().toString());
        String down = null;
        for (Path folder : folders.writableFolders()) {
            if (!Files.isDirectory(folder) || !Files.isWritable(folder)) {
                down = "not writable: " + folder;
                builder.detail("notWritable", folder.toString());
                break;
            }
        }
        for (Path watched : folders.spaceWatched()) {
            long free = FreeSpace.bytes(watched);
            builder.detail("free " + watched, FreeSpace.text(free));
            if (free >= 0 && free < folders.minFreeBytes() && down == null) {
                down = watched + " has less than sync.min-free-space-mb (" + folders.minFreeBytes() / 1024 / 1024 + " MB) free";
                builder.detail("lowOnSpace", down);
            }
        }
        Map<String, String> waiting = inboxNames.waiting();
        if (!waiting.isEmpty()) {
            builder.detail("filesWaiting", waiting);
        }
        if (down == null) {
            builder.up();
        } else {
            builder.down().message(down);
        }
    }
}
