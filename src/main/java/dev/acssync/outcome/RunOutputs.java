package dev.acssync.outcome;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import dev.acssync.source.SyncProperties;
import org.springframework.stereotype.Component;

/**
 * Gives each file run outputs of its own: {@code reports/<name>.report.json}, {@code dead-letter/<name>.dead-letter.jsonl}
 * and {@code reports/<name>.dry-run.jsonl}, where {@code <name>} is the file's name, unless another run already used
 * it: then {@code <name>~2}, {@code <name>~3}... A run claims its name by creating its report (status RUNNING); a run
 * that a crash left RUNNING is taken over by the next run of the same file, which goes on from its checkpoint
 * ({@link Checkpoints}), or starts its outputs afresh when there is none or the file is another one. A name
 * too long for the file system (the outputs add up to 18 bytes to it) is shortened, with a hash that keeps it unique.
 */
@Component
class RunOutputs {
    /** A file name may have 255 bytes; the longest output suffix ({@code .dead-letter.jsonl}) needs 18 of them. */
    static final int MAX_NAME_BYTES = 255 - ".dead-letter.jsonl".length();
    static final String REPORT = ".report.json";
    static final String DEAD_LETTERS = ".dead-letter.jsonl";
    static final String DRY_RUN = ".dry-run.jsonl";

    private final Path reports;
    private final Path deadLetters;
    private final ObjectMapper json = new ObjectMapper();
    private final Set<String> inUse = new HashSet<>();
    private final Checkpoints checkpoints;
    private final RunLocks locks;

    private final OutputFailures failures;

    public RunOutputs(SyncProperties sync, Checkpoints checkpoints, RunLocks locks, OutputFailures failures) {
        this.failures = failures;
        this.reports = sync.reportsDir();
        this.deadLetters = sync.deadLetterDir();
        this.checkpoints = checkpoints;
        this.locks = locks;
    }

    /** Claims the output name of a new run; {@link #release} gives it back when the run ends. */
    public synchronized String claim(RunReport run) {
        for (int n = 1; ; n++) {
            String suffix = n == 1 ? "" : "~" + n;
            String name = shorten(run.getSource(), MAX_NAME_BYTES - suffix.length()) + suffix;
            if (!inUse.contains(name) && claimed(name, run)) {
                inUse.add(name);
                return name;
            }
        }
    }

    /**
     * Holding the name's run lock, creates the run's report or takes a crashed run over; a lock another process holds
     * means another instance runs this file now: the file waits ({@link RunElsewhereException}).
     */
    private boolean claimed(String name, RunReport run) {
        if (!locks.tryLock(name)) {
            throw new RunElsewhereException(run.getSource() + ": another instance is running this file (outputs " + name
                    + "); it stays in the inbox until that run has ended");
        }
        boolean claimed = false;
        try {
            claimed = claimedLocked(name, run);
            return claimed;
        } finally {
            if (!claimed) {
                locks.release(name);
            }
        }
    }

    /** Creates the run's report (RUNNING) under this name, or takes over a run that a crash left RUNNING there. */
    private boolean claimedLocked(String name, RunReport run) {
        Path report = reports.resolve(name + REPORT);
        try {
            OutputFiles.create(report, json.writeValueAsBytes(run.withOutputName(name)));
            checkpoints.delete(name);
            return true;
        } catch (FileAlreadyExistsException taken) {
            // a run a crash or a stop left RUNNING; or one that ended but could not move its file (its checkpoint stayed)
            boolean leftRunning = leftBy(report, run, true);
            if (!leftRunning && !(leftBy(report, run, false) && checkpoints.find(name, run).isPresent())) {
                return false;
            }
            try {
                Optional<Checkpoint> checkpoint = checkpoints.find(name, run);
                if (checkpoint.isPresent()) {
                    // the same file: go on after the records whose outcome was final; the lines of the others go
                    run.resumeFrom(checkpoint.get());
                    checkpoints.keepOnlyDone(deadLetters.resolve(name + DEAD_LETTERS), checkpoint.get());
                    checkpoints.keepOnlyDone(reports.resolve(name + DRY_RUN), checkpoint.get());
                } else {
                    // no checkpoint, or another file: from its first record; what the interrupted attempt wrote goes
                    Files.deleteIfExists(deadLetters.resolve(name + DEAD_LETTERS));
                    Files.deleteIfExists(reports.resolve(name + DRY_RUN));
                    checkpoints.delete(name);
                }
                Files.write(report, json.writeValueAsBytes(run.withOutputName(name)));
                return true;
            } catch (IOException e) {
                // a full disk while taking the run over: the file stays, nothing is deleted more
                failures.failed(reports, "the outputs of " + run.getSource(), e);
                throw new OutputsNotWrittenException("cannot take over the outputs of " + name + ": " + e);
            }
        } catch (IOException e) {
            failures.failed(reports, "the report of " + run.getSource(), e);
            throw new OutputsNotWrittenException("cannot create the report " + report + ": " + e);
        }
    }

    /**
     * Rewrites a running file's report with its progress, atomically (written aside, then renamed: a reader never
     * sees half a report). Holding the run, so that its end cannot pass the write: a run that has ended is left to
     * its final report.
     */
    void writeProgress(RunReport run) {
        synchronized (run) {
            if (!"RUNNING".equals(run.getStatus()) || run.getOutputName() == null) {
                return;
            }
            Path report = reports.resolve(run.getOutputName() + REPORT);
            try {
                OutputFiles.replace(report, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(run), false);
            } catch (IOException e) {
                // a full disk: the run stops taking records and goes on from its checkpoint once space is back
                failures.failed(reports, "the progress report of " + run.getSource(), e);
                run.outputFailed("cannot write the progress report of " + run.getSource() + " in " + reports + ": " + e);
            }
        }
    }

    public synchronized void release(String name) {
        inUse.remove(name);
        locks.release(name);
    }

    /**
     * A report of the same file and channel (still RUNNING, when {@code running}), while no run of this process has it:
     * a crash or a stop left it.
     */
    private boolean leftBy(Path report, RunReport run, boolean running) {
        try {
            JsonNode previous = json.readTree(report.toFile());
            return (!running || "RUNNING".equals(previous.path("status").asText()))
                    && run.getSource().equals(previous.path("source").asText())
                    && run.getChannel().equals(previous.path("channel").asText());
        } catch (IOException unreadable) {
            return false;
        }
    }


    /**
     * The name itself when it fits in {@code maxBytes} (UTF-8), else its beginning, {@code ~} and 8 hex digits of its
     * SHA-256, so that two long names sharing a beginning still get different outputs. Control characters are
     * replaced by {@code _}: an output name should be safe to type.
     */
    static String shorten(String name, int maxBytes) {
        String safe = name.codePoints().map(c -> Character.isISOControl(c) ? '_' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        if (safe.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return safe;
        }
        String hash = "~" + HexFormat.of().formatHex(sha256(name)).substring(0, 8);
        StringBuilder head = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < safe.length(); ) {
            int cp = safe.codePointAt(i);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > maxBytes - hash.length()) {
                break;
            }
            head.appendCodePoint(cp);
            bytes += size;
            i += Character.charCount(cp);
        }
        return head + hash;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
