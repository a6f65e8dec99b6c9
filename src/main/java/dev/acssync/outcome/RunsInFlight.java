package dev.acssync.outcome;

import org.springframework.jmx.export.annotation.ManagedAttribute;
import org.springframework.jmx.export.annotation.ManagedResource;
import org.springframework.stereotype.Component;

/** The file runs going on, for Hawtio (JMX → dev.acssync → runs): one line each, with its progress. */
@Component
@ManagedResource(objectName = "dev.acssync:name=runs", description = "The file runs going on, with their progress")
public class RunsInFlight {
    private final RunReports runs;

    public RunsInFlight(RunReports runs) {
        this.runs = runs;
    }

    @ManagedAttribute(description = "One line per running file: records so far, ACS calls spent (by kind), percent of its records done, records/s, estimated finish")
    public String[] getRunning() {
        return runs.inFlight().stream().map(run -> {
            RunReport.Progress p = run.getProgress();
            RunReport.Lookup lookup = run.getLookup();
            if (p == null) {
                return run.getSource() + ": " + (lookup != null && lookup.listing() != null ? lookup.listing() + ", "
                        + run.getAcsCalls() + " ACS calls" : "starting");
            }
            return run.getSource() + ": " + p.records() + " records (" + run.getUpdated() + " updated, " + run.getUnchanged()
                    + " unchanged, " + run.getDeadLettered() + " dead-lettered), " + run.getAcsCalls() + " ACS calls ("
                    + run.getAcsCallsPerRecord() + " a record: " + run.getAcsCallsByKind() + "), " + p.percent() + " % done, "
                    + p.recordsPerSecond() + " records/s, finishing about " + p.estimatedFinish();
        }).toArray(String[]::new);
    }
}
