package dev.acssync.outcome;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acssync.acs.AcsProperties;
import dev.acssync.source.SyncProperties;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The checkpoints of running files ({@code data/checkpoints/<output name>.checkpoint.json}), so that after a kill -9
 * or a power loss a restarted service goes on after the records whose outcome is final, instead of from the start.
 * A snapshot is taken every {@code acs.concurrency / 2} outcomes and written by one background thread, off the
 * records' path (measured: written on it, the checkpoints cost 17% of the no-latency throughput); at most one snapshot
 * waits for the disk, else the run waits for it. So at most 1.5 × acs.concurrency outcomes are not on disk at any time,
 * and a restart re-sends at most those plus the records in flight: under 2 × acs.concurrency besides the unfinished
 * ones. At a stop the last snapshot is written before the run lets go. The outputs' lines (dead letters, dry-run
 * listing) reach the disk before the checkpoint that counts them; on resume, the lines of records not counted in the
 * checkpoint are dropped, since those records run again. A run that ends (completed, failed) deletes its checkpoint.
 */
@Component
class Checkpoints {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);
    static final String SUFFIX = ".checkpoint.json";

    private final Path folder;
    private final Path reports;
    private final Path deadLetters;
    private final int every;
    private final ObjectMapper json = new ObjectMapper();

    private final ExecutorService disk = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "checkpoints");
        thread.setDaemon(true);
        return thread;
    });

    private final OutputFailures failures;

    public Checkpoints(SyncProperties sync, AcsProperties acs, OutputFailures failures) {
        this.failures = failures;
        this.folder = sync.checkpointsDir();
        this.reports = sync.reportsDir();
        this.deadLetters = sync.deadLetterDir();
        this.every = Math.max(1, acs.concurrency() / 2);
    }

    /** After each outcome of a file's run: every acs.concurrency / 2 outcomes, a snapshot goes to the disk's thread. */
    public void counted(RunReport run) {
        if (run.getOutputName() != null && run.getFile() != null && run.outcomesSinceCheckpoint() >= every) {
            submit(run, run.checkpoint());
        }
    }

    /** Saves the run's checkpoint now, and returns once it is on disk (a run being stopped). */
    public void write(RunReport run) {
        if (run.getOutputName() != null && run.getFile() != null) {
            submit(run, run.checkpoint());
            awaitWritten(run);
        }
    }

    /** Hands a snapshot to the disk's thread; waits while another one is already waiting (back-pressure). */
    private void submit(RunReport run, Checkpoint snapshot) {
        RunReport.CheckpointWriter writer = run.checkpointWriter();
        synchronized (writer) {
            while (writer.pending != null) {
                await(writer);
            }
            writer.pending = snapshot;
            if (!writer.scheduled) {
                writer.scheduled = true;
                disk.execute(() -> drain(run));
            }
        }
    }

    /** The disk's thread: writes the run's snapshots in order until none waits. */
    private void drain(RunReport run) {
        RunReport.CheckpointWriter writer = run.checkpointWriter();
        while (true) {
            Checkpoint next;
            synchronized (writer) {
                next = writer.pending;
                writer.pending = null;
                if (next == null) {
                    writer.scheduled = false;
                }
                writer.notifyAll();
            }
            if (next == null) {
                return;
            }
            writeNow(run, run.getOutputName(), next);
        }
    }

    private static void awaitWritten(RunReport run) {
        RunReport.CheckpointWriter writer = run.checkpointWriter();
        synchronized (writer) {
            while (writer.scheduled) {
                await(writer);
            }
        }
    }

    private static void await(Object monitor) {
        try {
            monitor.wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a checkpoint was being written", e);
        }
    }

    private void writeNow(RunReport run, String name, Checkpoint checkpoint) {
        Path target = folder.resolve(name + SUFFIX);
        try {
            force(deadLetters.resolve(name + RunOutputs.DEAD_LETTERS));
            force(reports.resolve(name + RunOutputs.DRY_RUN));
            Files.createDirectories(folder);
            OutputFiles.replace(target, json.writeValueAsBytes(checkpoint), true);
        } catch (IOException e) {
            // a full disk: the run stops taking records (its outputs would fail next) and its file stays; the last
            // checkpoint on disk is older, and a later run redoes the records after it, which is safe
            failures.failed(folder, "the checkpoint of " + run.getSource(), e);
            run.outputFailed("cannot write the checkpoint of " + run.getSource() + " in " + folder + ": " + e);
        }
    }

    /** The checkpoint an interrupted run of {@code run}'s file left under {@code name}, if it is for the same file. */
    Optional<Checkpoint> find(String name, RunReport run) {
        Path file = folder.resolve(name + SUFFIX);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            Checkpoint checkpoint = json.readValue(file.toFile(), Checkpoint.class);
            if (checkpoint.isFor(run)) {
                return Optional.of(checkpoint);
            }
            LOG.info("{}: another file than the interrupted run's (size, date or content differ): it starts from its first record",
                    run.getSource());
        } catch (IOException unreadable) {
            LOG.warn("{}: its checkpoint cannot be read ({}): the run starts from its first record", run.getSource(), unreadable.toString());
        }
        return Optional.empty();
    }

    /** The run has ended: its checkpoint goes, once no snapshot of it is still on its way to the disk. */
    public void deleteFor(RunReport run) {
        awaitWritten(run);
        delete(run.getOutputName());
    }

    public void delete(String name) {
        if (name == null) {
            return;
        }
        try {
            Files.deleteIfExists(folder.resolve(name + SUFFIX));
        } catch (IOException e) {
            LOG.warn("cannot delete the checkpoint of {}: {}", name, e.toString());
        }
    }

    /**
     * Keeps, of an output (one JSON object a line, each with its record's {@code line}), the first line of each
     * record the checkpoint counts: the others run again and write theirs again. Atomic: written aside, renamed.
     */
    void keepOnlyDone(Path output, Checkpoint checkpoint) throws IOException {
        if (!Files.exists(output)) {
            return;
        }
        Set<Long> seen = new HashSet<>();
        // streamed (a dead-letter file can be large); a line cut by the crash, even mid-character, is just dropped
        OutputFiles.replace(output, out -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(output), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    try {
                        JsonNode outcome = json.readTree(line);
                        long record = outcome.path("line").asLong(-1);
                        if (outcome.isObject() && checkpoint.isDone(record) && seen.add(record)) {
                            out.write(line);
                            out.write('\n');
                        }
                    } catch (com.fasterxml.jackson.core.JsonProcessingException halfWritten) {
                        // the end of a line being appended when the process died: its record runs again
                    }
                }
            }
        });
    }

    private static void force(Path file) throws IOException {
        if (Files.exists(file)) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
        }
    }

}
