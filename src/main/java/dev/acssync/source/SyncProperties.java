package dev.acssync.source;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The service's folders, how a dropped file is taken, and the dry run ({@code sync.*}). Set in
 * config/application.properties; the routes read the folders and the file settings too.
 *
 * @param dataDir root of the runtime folders (relative paths are resolved against the working directory)
 * @param inboxDir the watched folder: drop files here
 * @param processedDir where a file goes once every record has an outcome
 * @param failedDir where a file goes when it could not be read to the end
 * @param reportsDir run reports (and dry-run listings)
 * @param deadLetterDir dead-letter files
 * @param dryRun true: every file is a dry run (resolve and check every record, PATCH nothing)
 * @param file how the watched folder is polled
 * @param minFreeSpaceMb health is DOWN when the data folder (or the embedded broker's journal) has less free space than
 *                       this; a run whose outputs could not be written goes on once this much is free again
 */
@ConfigurationProperties("sync")
public record SyncProperties(Path dataDir, Path inboxDir, Path processedDir, Path failedDir, Path reportsDir,
                             Path deadLetterDir, boolean dryRun, File file, EarlyStop earlyStop, Report report,
                             long minFreeSpaceMb) {

    /** Where interrupted runs keep their checkpoints and running ones their locks (not a setting: under the data folder). */
    public Path checkpointsDir() {
        return dataDir.resolve("checkpoints");
    }

    /**
     * Read by routes/sources/file-inbox.camel.yaml.
     *
     * @param pollDelayMs how often the inbox is polled
     * @param readLockCheckIntervalMs how often a new file is checked for changes
     * @param readLockMinAgeMs how long a file must stay unchanged before it is read
     * @param quietPeriodMs at its end, a file's run reads on while the file grows or has changed within this long (a
     *                      producer writing it in place may pause), and ends once it has not
     * @param doneFileName off unless set: a file is taken only once its done marker exists (Camel's doneFileName:
     *                     \${file:name}.done for the file's name plus .done; the backslash keeps Spring from reading it)
     */
    public record File(long pollDelayMs, long readLockCheckIntervalMs, long readLockMinAgeMs, long quietPeriodMs,
                       String doneFileName) {
    }

    /**
     * A file wrong as a whole stops instead of running to its end (dev.acssync.outcome.EarlyStop).
     *
     * @param firstRecords a file whose first this many records all end as dead letters that trying again cannot fix
     *                     (a unit, a profile or the record itself) stops there and moves to failed/; 0: never stop
     * @param deadLetterPercent from then on, a file stops when more than this share (%) of its records are such dead
     *                          letters
     */
    public record EarlyStop(int firstRecords, int deadLetterPercent) {
    }

    /**
     * @param progressIntervalMs a running file's report is rewritten with its progress this often
     * @param progressLogIntervalMs a running file logs a line with its progress this often
     */
    public record Report(long progressIntervalMs, long progressLogIntervalMs) {
    }
}
