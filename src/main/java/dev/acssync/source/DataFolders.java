package dev.acssync.source;

import jakarta.annotation.PostConstruct;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/** Creates the runtime folders at start, so a user sees where to drop files; health is DOWN when one is not writable. */
@Component
public class DataFolders implements HealthIndicator {
    private final List<Path> folders;

    public DataFolders(@Value("${sync.inbox-dir}") Path inbox,
                       @Value("${sync.processed-dir}") Path processed,
                       @Value("${sync.failed-dir}") Path failed,
                       @Value("${sync.reports-dir}") Path reports,
                       @Value("${sync.dead-letter-dir}") Path deadLetter) {
        this.folders = List.of(inbox, processed, failed, reports, deadLetter);
    }

    @Override
    public Health health() {
        for (Path folder : folders) {
            if (!Files.isDirectory(folder) || !Files.isWritable(folder)) {
                return Health.down().withDetail("notWritable", folder.toString()).build();
            }
        }
        return Health.up().withDetail("inbox", folders.get(0).toString()).build();
    }

    @PostConstruct
    void create() throws IOException {
        for (Path folder : folders) {
            Files.createDirectories(folder);
        }
    }
}
