package dev.acssync.outcome;

import dev.acssync.TestSettings;
import dev.acssync.record.TestRecords;
import dev.acssync.vocabulary.OutcomeReason;

/** A run stopped early because its first records all got a server error without an ACS code, with the shipped limits. */
public final class SetupStoppedRun {
    private SetupStoppedRun() {
    }

    public static RunReport of(String source) {
        EarlyStop shipped = new EarlyStop(TestSettings.sync().earlyStop().firstRecords(),
                TestSettings.sync().earlyStop().deadLetterPercent());
        RunReport run = new RunReport(source, "file", false, shipped);
        for (long line = 1; !run.isStoppedEarly(); line++) {
            run.count(RecordOutcome.rejection(TestRecords.of(source, line, "a@example.com", null, "brand1"),
                    OutcomeReason.ACS_SERVER_ERROR, "PATCH profile answered HTTP 500: Oops.", 500, 3), false, true);
        }
        return run;
    }
}
