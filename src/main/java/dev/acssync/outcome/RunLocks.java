package dev.acssync.outcome;

import dev.acssync.source.SyncProperties;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * An operating-system lock per running file run ({@code checkpoints/<output name>.lock}), held from the claim of its
 * outputs to its end. Within one process the claim already keeps runs apart; the lock keeps them apart across
 * processes sharing the data folder, so two instances never write one run's report, dead letters and checkpoint at
 * once (the leader election makes that rare; the lock keeps it out where the folder honours locks). A process
 * that dies loses its locks with it, so a crashed run is taken over as before. Lock files stay (empty, one per
 * output name).
 */
@Component
public class RunLocks {
    static final String SUFFIX = ".lock";

    private static final Logger LOG = LoggerFactory.getLogger(RunLocks.class);
    private static final Duration WAITING_LOG_INTERVAL = Duration.ofMinutes(1);

    private final Path folder;
    private final Map<String, FileLock> held = new HashMap<>();
    private final Map<String, Instant> waitingLogged = new ConcurrentHashMap<>();
    private volatile boolean warnedNoLocks;

    public RunLocks(SyncProperties sync) {
        this.folder = sync.checkpointsDir();
    }

    /** Takes the lock of output name {@code name}; false when another process (or this one) holds it. */
    synchronized boolean tryLock(String name) {
        Path file = folder.resolve(name + SUFFIX);
        FileChannel channel = null;
        try {
            Files.createDirectories(folder);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return false;
            }
            held.put(name, lock);
            OutputFiles.restrict(file);
            return true;
        } catch (OverlappingFileLockException heldHere) {
            close(channel);
            return false;
        } catch (IOException e) {
            // a file system without locks (NFS without its lock manager, some FUSE mounts): one instance runs as it
            // did before the lock; several instances need locks anyway (docs/scale-out.md)
            close(channel);
            if (!warnedNoLocks) {
                warnedNoLocks = true;
                LOG.warn("Runs are not locked: {} refuses file locks ({}); run one instance only on this folder", folder, e.toString());
            }
            return true;
        }
    }

    /**
     * Gives the lock of {@code name} up. The empty file stays: deleting it would let a process that opened it just
     * before lock the deleted file while a third creates and locks a new one.
     */
    synchronized void release(String name) {
        FileLock lock = held.remove(name);
        if (lock != null) {
            close(lock.channel());
        }
    }

    /**
     * file-error-policy, for a file left in the inbox because another instance runs it (or this one stopped leading
     * mid-read): the inbox is polled every second, the reason is logged once a minute per file.
     */
    public void leftInTheInbox(Exchange exchange) {
        String reason = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY) + ": reading stopped (this instance no "
                + "longer leads the intake); the file stays in the inbox for the new leader";
        // the bean call that claimed the run wraps what it threw
        for (Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class); t != null && t != t.getCause();
             t = t.getCause()) {
            if (t instanceof RunElsewhereException elsewhere) {
                reason = elsewhere.getMessage();
            }
        }
        Instant now = Instant.now();
        waitingLogged.values().removeIf(at -> at.isBefore(now.minus(WAITING_LOG_INTERVAL)));
        if (waitingLogged.putIfAbsent(reason, now) == null) {
            LOG.info("{}", reason);
        }
    }

    private static void close(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing releases the lock
            }
        }
    }
}
