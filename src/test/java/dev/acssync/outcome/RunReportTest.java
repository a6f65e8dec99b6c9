package dev.acssync.outcome;

import dev.acssync.vocabulary.OutcomeReason;
import dev.acssync.TestSettings;
import dev.acssync.vocabulary.OrgUnit;
import dev.acssync.record.SyncRecord;
import dev.acssync.record.TestRecords;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A run's tally, its progress, and the early stop of a file wrong as a whole, with the shipped settings. */
class RunReportTest {
    private static final EarlyStop SHIPPED = new EarlyStop(TestSettings.sync().earlyStop().firstRecords(),
            TestSettings.sync().earlyStop().deadLetterPercent());

    private final RunReport run = new RunReport("f.csv", "file", false, SHIPPED);
    private long line;

    private SyncRecord record() {
        SyncRecord r = TestRecords.of("f.csv", ++line, "a@example.com", null, "brand1");
        r.setResolvedOrgUnit(new OrgUnit("@u", "brand1", "Brand 1", "name"));
        return r;
    }

    /**
     * {@code n} outcomes; a dead letter counts toward an early stop unless {@code explained}, and ACS_SERVER_ERROR
     * says the set-up is wrong (the route's rules: EarlyStopRuleTest).
     */
    private void count(int n, OutcomeReason reason, boolean explained) {
        for (int i = 0; i < n; i++) {
            run.count(reason == null ? RecordOutcome.success(record(), 1) : RecordOutcome.rejection(record(), reason, "why", null, 1),
                    reason != null && !explained, reason == OutcomeReason.ACS_SERVER_ERROR);
        }
    }

    private void count(int n, OutcomeReason reason) {
        count(n, reason, false);
    }

    @Test
    void everyRecordIsCountedOnceByItsStatus() {
        count(3, null);
        run.count(RecordOutcome.unchanged(record(), 1), false, false);
        count(2, OutcomeReason.UNKNOWN_ORG_UNIT);

        assertThat(run.getUpdated()).isEqualTo(3);
        assertThat(run.getUnchanged()).isEqualTo(1);
        assertThat(run.getDeadLettered()).isEqualTo(2);
        assertThat(run.getRecords()).isEqualTo(run.getUpdated() + run.getUnchanged() + run.getDeadLettered()).isEqualTo(6);
    }

    @Test
    void theRunCountsTheAcsCallsItsRecordsCostAndTheirNumberPerRecord() {
        for (int i = 0; i < 3; i++) {
            run.count(RecordOutcome.success(record(), 2), false, false); // a lookup and a PATCH
        }
        run.count(RecordOutcome.unchanged(record(), 1), false, false); // the lookup showed it in its unit
        run.count(RecordOutcome.rejection(record(), OutcomeReason.ACS_SERVER_ERROR, "why", 500, 3), false, true);

        assertThat(run.getAcsCalls()).isEqualTo(10);
        assertThat(run.getAcsCallsPerRecord()).isEqualTo(2.0);
        assertThat(run.checkpoint().acsCalls()).as("a resumed run goes on counting from there").isEqualTo(10);
    }

    @Test
    void anOrdinaryFileWithSomeBadRowsNeverStops() {
        for (int i = 0; i < 100; i++) {
            count(4, null);
            count(1, OutcomeReason.PROFILE_NOT_FOUND);
        }
        count(100, OutcomeReason.RETRIES_EXHAUSTED, true); // ACS's trouble, not the file's
        assertThat(run.isStoppedEarly()).isFalse();
        assertThat(run.stopReading()).isFalse();
    }

    @Test
    void aFileWhoseFirstHundredRecordsAllFailForGoodStopsThere() {
        count(99, OutcomeReason.UNKNOWN_ORG_UNIT);
        assertThat(run.isStoppedEarly()).as("not before the shipped first-records").isFalse();
        count(1, OutcomeReason.INVALID_RECORD);

        assertThat(run.stopReading()).isTrue();
        assertThat(run.isStoppedForSetup()).as("the file's fault").isFalse();
        assertThat(run.getStopReason()).startsWith("stopped early after 100 records: all of them ended as dead letters that "
                + "trying again cannot fix {INVALID_RECORD=1, UNKNOWN_ORG_UNIT=99}; is it the right file? (limits: sync.early-stop.*)");
    }

    @Test
    void aRunWhoseFirstHundredRecordsAllGotServerErrorsStopsAsAConfigurationError() {
        count(99, OutcomeReason.ACS_SERVER_ERROR, true);
        assertThat(run.isStoppedEarly()).isFalse();
        count(1, OutcomeReason.ACS_SERVER_ERROR, true);

        assertThat(run.stopReading()).isTrue();
        assertThat(run.getStopReason()).startsWith("stopped early after 100 records: ACS failed every one with a server "
                + "error that carries no ACS error code {ACS_SERVER_ERROR=100}; most likely the set-up, not the file: ACS "
                + "answers so (500 \"Oops ... Check your URI\") to a path it does not know");
        assertThat(run.isStoppedForSetup()).isTrue();
    }

    @Test
    void serverErrorsAmongOtherOutcomesNeverStopARun() {
        count(1, null);
        count(500, OutcomeReason.ACS_SERVER_ERROR, true);
        assertThat(run.isStoppedEarly()).as("one record went through: the calls are right, ACS has trouble").isFalse();
    }

    @Test
    void aCheckpointWrittenBeforeTheSetupCountExistedStillResumesItsRun() throws Exception {
        // as the version before setupDeadLetters wrote it
        Checkpoint old = new com.fasterxml.jackson.databind.ObjectMapper().readValue("{\"sequence\":3,\"source\":\"f.csv\","
                + "\"channel\":\"file\",\"dryRun\":false,\"file\":{\"size\":100,\"modified\":1,\"headSha256\":\"ab\"},"
                + "\"doneBelow\":5,\"doneAhead\":[6],\"updated\":3,\"unchanged\":0,\"deadLettered\":2,"
                + "\"permanentDeadLetters\":1,\"reasons\":{\"ACS_SERVER_ERROR\":1,\"PROFILE_NOT_FOUND\":1},"
                + "\"startedAt\":\"2026-12-04T01:00:00Z\"}", Checkpoint.class);

        assertThat(old.setupDeadLetters()).isZero();
        assertThat(old.acsCalls()).isZero();
        RunReport resumed = new RunReport("f.csv", "file", false, SHIPPED);
        resumed.resumeFrom(old);
        assertThat(resumed.getRecords()).isEqualTo(5);
        assertThat(resumed.skipIfDone(6)).isTrue();
        assertThat(old.acsCallsByKind()).as("before the calls by kind").isNull();
        assertThat(resumed.getAcsCallsByKind()).containsEntry("lookup", 0L);
    }

    @Test
    void theCallsAreSplitByKindTheListingsIncludedAndAResumedRunGoesOnFromThem() {
        run.listingCalls(3); // the count and two pages of a snapshot
        SyncRecord moved = record();
        moved.countAcsCall(dev.acssync.vocabulary.AcsCallKind.LOOKUP);
        moved.countAcsCall(dev.acssync.vocabulary.AcsCallKind.PATCH);
        moved.countAcsCall(dev.acssync.vocabulary.AcsCallKind.RETRY);
        run.count(RecordOutcome.success(moved, 3), false, false);
        run.count(RecordOutcome.unchanged(record(), 0), false, false); // decided from the snapshot: no call

        assertThat(run.getAcsCalls()).isEqualTo(6);
        assertThat(run.getAcsCallsByKind()).containsExactly(java.util.Map.entry("listing", 3L), java.util.Map.entry("lookup", 1L),
                java.util.Map.entry("patch", 1L), java.util.Map.entry("retry", 1L));
        assertThat(run.getAcsCallsPerRecord()).isEqualTo(3.0);

        RunReport resumed = new RunReport("f.csv", "file", false, SHIPPED);
        resumed.resumeFrom(run.checkpoint());
        assertThat(resumed.getAcsCallsByKind()).isEqualTo(run.getAcsCallsByKind());
        assertThat(resumed.getAcsCalls()).isEqualTo(6);
    }

    @Test
    void laterAShareOfDeadLettersAboveTheLimitStopsTheFile() {
        count(100, null);
        count(950, OutcomeReason.UNKNOWN_ORG_UNIT);
        assertThat(run.isStoppedEarly()).as("901 of 1,001 is more than 90 %").isTrue();
        assertThat(run.getStopReason()).startsWith("stopped early after 1001 records: 90% of them");
    }

    @Test
    void aRunningFileTellsHowFarItIs() {
        assertThat(run.getProgress()).as("nothing read yet").isNull();
        count(40, null);
        run.recordRead(50, 50, 500, 2000);

        RunReport.Progress p = run.getProgress();
        assertThat(p.records()).isEqualTo(40);
        assertThat(p.recordsRead()).isEqualTo(50);
        assertThat(p.recordsInFile()).as("50 records in a quarter of the bytes: about 200").isEqualTo(200);
        assertThat(p.recordsCounted()).isFalse();
        assertThat(p.percent()).as("of the records, not of the bytes read").isEqualTo(20.0);
        assertThat(p.recordsPerSecond()).isPositive();
        assertThat(p.estimatedFinish()).isNotNull();

        // the reader reached the end: the file holds 80 records, 40 of them done
        run.endOfFile(80);
        assertThat(run.getProgress().recordsInFile()).isEqualTo(80);
        assertThat(run.getProgress().recordsCounted()).isTrue();
        assertThat(run.getProgress().percent()).isEqualTo(50.0);

        run.finish("COMPLETED", null);
        assertThat(run.getProgress()).as("an ended run has no progress").isNull();
    }

    @Test
    void readingAResumedFileForItsKeysLeavesTheRunWhereItStands() {
        FileIdentity file = new FileIdentity(100, 1, "ab");
        Checkpoint saved = new Checkpoint(1, "f.csv", "file", false, file, 100, List.of(105L, 200L), 101, 0, 0, 0, 0, 101,
                java.util.Map.of(), "2026-12-05T01:00:00Z", null);
        RunReport resumed = new RunReport("f.csv", "file", false, SHIPPED).withFile(file);
        resumed.resumeFrom(saved);

        // the key reading (a snapshot's) asks of every line, the last done one included
        assertThat(resumed.wasDone(200)).isTrue();
        assertThat(resumed.wasDone(150)).isFalse();
        // then the run stops before its reader took any record: its checkpoint must not skip lines 100-199
        assertThat(resumed.checkpoint().doneBelow()).isEqualTo(100);
    }

    @Test
    void aCheckpointSavesWhichRecordsAreDoneAndAResumedRunSkipsExactlyThose() {
        FileIdentity file = new FileIdentity(100, 1, "ab");
        run.withFile(file);
        for (long line = 1; line <= 6; line++) {
            run.recordRead(line, line, line * 10, 100);
        }
        for (long line : new long[] {1, 2, 4, 6}) {
            SyncRecord r = TestRecords.of("f.csv", line, "a@example.com", null, "brand1");
            run.count(line == 4 ? RecordOutcome.rejection(r, OutcomeReason.PROFILE_NOT_FOUND, "why", 404, 1)
                    : RecordOutcome.success(r, 1), line == 4, false);
        }

        Checkpoint saved = run.checkpoint();
        assertThat(saved.doneBelow()).as("3 is still in flight").isEqualTo(3);
        assertThat(saved.doneAhead()).containsExactly(4L, 6L);
        assertThat(saved.updated()).isEqualTo(3);
        assertThat(saved.deadLettered()).isEqualTo(1);

        RunReport resumed = new RunReport("f.csv", "file", false, SHIPPED).withFile(file);
        assertThat(saved.isFor(resumed)).isTrue();
        assertThat(saved.isFor(new RunReport("f.csv", "file", false, SHIPPED).withFile(new FileIdentity(100, 2, "ab"))))
                .as("another file under the same name").isFalse();
        resumed.resumeFrom(saved);
        List<Long> again = new java.util.ArrayList<>();
        for (long line = 1; line <= 7; line++) { // the reader, in the file's order
            if (!resumed.skipIfDone(line)) {
                resumed.recordRead(line, line, line * 10, 100);
                again.add(line);
            }
        }
        assertThat(again).as("what runs again").containsExactly(3L, 5L, 7L);
        resumed.count(RecordOutcome.success(TestRecords.of("f.csv", 3, "a@example.com", null, "brand1"), 1), false, false);
        assertThat(resumed.getRecords()).isEqualTo(5);
        assertThat(resumed.getReasons()).containsEntry("PROFILE_NOT_FOUND", 1L);
        assertThat(resumed.getResumed().recordsBefore()).isEqualTo(4);
        Checkpoint next = resumed.checkpoint();
        assertThat(next.doneBelow()).as("1-4 done, 5 in flight").isEqualTo(5);
        assertThat(next.doneAhead()).containsExactly(6L);
    }
}
