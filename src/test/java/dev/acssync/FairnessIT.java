package dev.acssync;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.Connection;
import jakarta.jms.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every source goes on while others run, at the shipped rate (10 requests/s for all): five files dropped at once and
 * a JMS message sent mid-run. No running file waits long for its next outcome, and the message is applied within
 * seconds, not after the files.
 */
class FairnessIT extends SyncTestBase {
    private static final String[] EMAILS = {"alice.martin@example.com", "bob.dupont@example.com", "carla.rossi@example.com",
        "emma.jones@example.com", "grace.lee@example.com", "hugo.bernard@example.com"};
    private static final int FILES = 5;
    private static final int RECORDS = 40;

    @Test
    void everyFileAndTheJmsQueueProgressWhileTheOthersRun() throws Exception {
        String run = "fair-" + System.nanoTime();
        for (int f = 0; f < FILES; f++) {
            StringBuilder csv = new StringBuilder("pkey,orgUnit\n");
            for (int i = 0; i < RECORDS; i++) {
                csv.append(pkeyOf(EMAILS[i % EMAILS.length])).append(f % 2 == 0 ? ",brand1\n" : ",brand2\n");
            }
            Path staging = Files.writeString(DATA.resolve(run + "-" + f + ".tmp"), csv);
            Files.move(staging, DATA.resolve("inbox").resolve(run + "-" + f + ".csv"));
        }
        Map<Integer, Long> lastCount = new HashMap<>();
        Map<Integer, Instant> lastProgress = new HashMap<>();
        long longestPauseMs = 0;
        Instant jmsSentAt = null;
        Duration jmsLatency = null;
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            int finished = 0;
            for (int f = 0; f < FILES; f++) {
                JsonNode report;
                try {
                    report = latestReport(run + "-" + f + ".csv");
                } catch (AssertionError notStartedYet) {
                    continue;
                }
                if (!"RUNNING".equals(report.path("status").asText())) {
                    finished++;
                    continue;
                }
                long count = report.path("progress").path("records").asLong(0);
                Instant now = Instant.now();
                if (!lastProgress.containsKey(f) || count > lastCount.get(f)) {
                    lastCount.put(f, count);
                    lastProgress.put(f, now);
                }
                longestPauseMs = Math.max(longestPauseMs, Duration.between(lastProgress.get(f), now).toMillis());
            }
            if (jmsSentAt == null && lastProgress.size() == FILES) {
                // every file runs: a JMS record comes in
                try (Connection c = JmsSourceIT.connection("producer")) {
                    Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    s.createProducer(s.createQueue("orgunit.assignments"))
                            .send(s.createTextMessage("{\"email\":\"julia.schmidt@example.com\",\"orgUnit\":\"spain\"}"));
                }
                jmsSentAt = Instant.now();
            }
            if (jmsSentAt != null && jmsLatency == null && "spain".equals(orgUnitsByEmail().get("julia.schmidt@example.com"))) {
                jmsLatency = Duration.between(jmsSentAt, Instant.now());
            }
            if (finished == FILES) {
                break;
            }
            Thread.sleep(250);
        }
        for (int f = 0; f < FILES; f++) {
            assertThat(awaitFinishedReport(run + "-" + f + ".csv", Duration.ofSeconds(30)).path("records").asInt()).isEqualTo(RECORDS);
        }
        // 200 PATCHes at 10 a second: 20 s for all; each file has about a fifth of the slots, so its next outcome is
        // never long in coming (the report is rewritten every 5 s, which bounds what this test can see)
        assertThat(longestPauseMs).as("the longest time any running file went without a new outcome").isLessThan(12_000);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "spain".equals(orgUnitsByEmail().get("julia.schmidt@example.com")));
        assertThat(jmsLatency).as("the JMS record, sent while five files ran, was applied before they ended").isNotNull()
                .isLessThan(Duration.ofSeconds(10));
    }
}
