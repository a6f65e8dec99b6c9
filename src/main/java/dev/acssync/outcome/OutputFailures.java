package dev.acssync.outcome;

import dev.acssync.source.IntakeCondition;
import dev.acssync.source.SyncProperties;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What a run could not write: a dead letter, a report, a checkpoint, or its input's move (a full disk, a folder made
 * read-only). Such a run stops taking records and its file stays in the inbox ({@link RunReport#outputFailed}); no
 * new file is taken (the polling sources' gate asks {@link #blocking()}), and health component {@code sync/outputs}
 * is DOWN naming the folder, its free space and the error. Once the folder takes a test write again with
 * {@code sync.min-free-space-mb} to spare (checked at most every few seconds, as the sources poll), files are taken
 * again and the stopped run goes on from its checkpoint.
 */
@Component("outputs")
public class OutputFailures implements IntakeCondition {
    private static final Logger LOG = LoggerFactory.getLogger(OutputFailures.class);
    private static final Duration RECHECK = Duration.ofSeconds(2);
    private static final int PROBE_BYTES = 64 * 1024;

    /** A write that failed: where, what, why, and since when. */
    public record Failure(Path folder, String what, String error, Instant since) {
    }

    private final long minFreeBytes;
    private final java.util.concurrent.atomic.AtomicReference<Failure> failure = new java.util.concurrent.atomic.AtomicReference<>();
    private volatile Instant checkedAt = Instant.EPOCH;

    public OutputFailures(SyncProperties sync) {
        this.minFreeBytes = sync.minFreeSpaceMb() * 1024 * 1024;
    }

    /** {@code what} (e.g. "the dead letters of x.csv") could not be written in {@code folder}. */
    public void failed(Path folder, String what, Throwable e) {
        Failure now = new Failure(folder, what, String.valueOf(e.getMessage() != null ? e.getMessage() : e), Instant.now());
        if (failure.getAndSet(now) == null) {
            LOG.error("Cannot write {} in {} ({}; {} free): the run stops taking records, its file stays in the inbox, and no "
                    + "new file is taken until the folder can be written again; then the run goes on from its checkpoint",
                    what, folder, now.error(), free(folder));
        }
    }

    @Override
    public String blocking() {
        Failure f = failure.get();
        if (f == null) {
            return null;
        }
        Instant now = Instant.now();
        if (now.isAfter(checkedAt.plus(RECHECK))) {
            checkedAt = now;
            // cleared only if no newer failure came meanwhile (that one is checked next time)
            if (writable(f.folder()) && failure.compareAndSet(f, null)) {
                LOG.info("{} can be written again ({} free): files are taken again", f.folder(), free(f.folder()));
                return null;
            }
        }
        return "cannot write " + f.what() + " in " + f.folder() + ": " + f.error();
    }

    /** A test write of 64 KB succeeds there, and at least sync.min-free-space-mb stays free. */
    private boolean writable(Path folder) {
        try {
            if (Files.getFileStore(folder).getUsableSpace() < minFreeBytes) {
                return false;
            }
            Path probe = Files.createTempFile(folder, ".write-probe", ".tmp");
            try (OutputStream out = Files.newOutputStream(probe)) {
                out.write(new byte[PROBE_BYTES]);
            } finally {
                Files.deleteIfExists(probe);
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static String free(Path folder) {
        try {
            return megabytes(Files.getFileStore(folder).getUsableSpace());
        } catch (IOException | RuntimeException e) {
            return "unknown space";
        }
    }

    static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1024.0 / 1024.0);
    }

    /** The write that failed, or null; whether it still blocks is {@link #blocking()}'s answer. */
    public Failure failure() {
        return failure.get();
    }
}
