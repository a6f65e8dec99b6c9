package dev.acssync.outcome;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.acssync.TestSettings;
import dev.acssync.source.SyncProperties;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** A long file's progress: its report rewritten as it runs, and a log line once per interval. */
class RunReportsTest {
    @TempDir
    Path data;

    @Test
    void aRunningFileLogsItsProgressOncePerIntervalAndItsReportShowsIt() throws Exception {
        SyncProperties shipped = TestSettings.sync();
        // the point of this test is the log line: a 0 ms interval instead of the shipped minute
        SyncProperties sync = new SyncProperties(data, data.resolve("inbox"), data.resolve("processed"), data.resolve("failed"),
                data.resolve("reports"), data.resolve("dead-letter"), false, shipped.file(), shipped.earlyStop(),
                new SyncProperties.Report(shipped.report().progressIntervalMs(), 0), shipped.minFreeSpaceMb());
        Files.createDirectories(sync.reportsDir());
        OutputFailures failures = new OutputFailures(sync);
        Checkpoints checkpoints = new Checkpoints(sync, TestSettings.acs(), failures);
        RunReports runs = new RunReports(new RunOutputs(sync, checkpoints, new RunLocks(sync), failures), checkpoints, sync, failures);
        File input = Files.writeString(data.resolve("long.csv"), "email,orgUnit\na@example.com,brand1\n").toFile();
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(input);
        RunReport run = runs.start("long.csv", "file", false, exchange);
        run.recordRead(1, 1, 20, 40);

        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        ((Logger) LoggerFactory.getLogger(RunReports.class)).addAppender(log);
        try {
            runs.writeProgress();
        } finally {
            ((Logger) LoggerFactory.getLogger(RunReports.class)).detachAppender(log);
        }

        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(line -> line.startsWith("long.csv: 0 records done of about 2 (0.0 %)"));
        assertThat(Files.readString(sync.reportsDir().resolve("long.csv.report.json")))
                .contains("\"status\" : \"RUNNING\"").contains("\"recordsInFile\" : 2").contains("\"percent\" : 0.0");
    }
}
