package dev.acssync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acssync.sandbox.AcsSandbox;
import dev.acssync.sandbox.Faults;
import dev.acssync.sandbox.SandboxSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service in a JVM of its own, killed (SIGKILL) or stopped (SIGTERM) in the middle of a file, then started
 * again on the same data folder: no record is lost, the report of the file covers every record once, and the run
 * goes on from its checkpoint (a different file under the same name starts from its first record).
 */
class RestartIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    // long enough to be stopped mid-file (at 50 PATCHes), short enough for the shipped 10 requests/s: 12 s a file
    private static final int RECORDS = 120;

    private AcsSandbox sandbox;
    private Path data;
    private final List<Process> services = new ArrayList<>();

    @BeforeEach
    void startSandbox() throws IOException {
        // 30 ms a call and two records at a time: a 300-record file takes about 5 s
        sandbox = new AcsSandbox(SandboxSettings.fromArgs(new String[] {"--port=" + freePort(), "--synthetic-profiles=" + (2 * RECORDS),
                "--synthetic-units=2", "--latency-ms=30"}));
        sandbox.start();
        data = Files.createTempDirectory("acs-sync-restart");
    }

    @AfterEach
    void stopAll() {
        services.forEach(Process::destroyForcibly);
        sandbox.close();
    }

    @Test
    void killedMidFileThenRestartedItGoesOnFromItsCheckpointCountingEveryRecordOnce() throws Exception {
        String name = "big-" + System.nanoTime() + ".csv";
        Process first = startedMidFile(name, BAD_EVERY);

        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // kill -9
        long patchedBeforeKill = patches();
        assertThat(patchedBeforeKill).isLessThan(RECORDS);
        assertThat(Files.exists(data.resolve("inbox").resolve(name))).as("the file stays to be resumed").isTrue();
        assertThat(JSON.readTree(data.resolve("reports").resolve(name + ".report.json").toFile()).path("status").asText())
                .as("the report of the interrupted run").isEqualTo("RUNNING");

        assertThat(Files.exists(data.resolve("checkpoints").resolve(name + ".checkpoint.json"))).isTrue();

        startService();
        JsonNode report = awaitReport(name);
        int bad = RECORDS / BAD_EVERY;
        assertThat(report.path("records").asInt()).as("every record counted once").isEqualTo(RECORDS);
        assertThat(report.path("updated").asInt()).isEqualTo(RECORDS - bad);
        assertThat(report.path("deadLettered").asInt()).isEqualTo(bad);
        assertThat(report.path("resumed").path("recordsBefore").asLong()).isPositive();
        assertThat(profilesIn("unit-00001")).isEqualTo(RECORDS - bad);
        // after the restart: the unfinished records, plus at most 2 x acs.concurrency (2 here) done again
        assertThat(patches() - patchedBeforeKill).isLessThanOrEqualTo((RECORDS - bad - patchedBeforeKill) + 2 * 2);
        List<String> deadLetters = Files.readAllLines(data.resolve("dead-letter").resolve(name + ".dead-letter.jsonl"));
        assertThat(deadLetters).as("one line per dead letter, none twice").hasSize(bad)
                .doesNotHaveDuplicates();
        assertThat(deadLetters.stream().map(l -> l.replaceAll(".*\"line\":(\\d+).*", "$1")).distinct()).hasSize(bad);
        assertThat(Files.exists(data.resolve("processed").resolve(name))).isTrue();
        assertThat(Files.exists(data.resolve("reports").resolve(name + "~2.report.json"))).as("the run was taken over").isFalse();
        assertThat(Files.exists(data.resolve("checkpoints").resolve(name + ".checkpoint.json"))).as("deleted at the end").isFalse();
    }

    @Test
    void sigtermMidFileStopsTakingRecordsLeavesTheFileAndAnotherFileUnderItsNameStartsAfresh() throws Exception {
        String name = "graceful-" + System.nanoTime() + ".csv";
        Process first = startedMidFile(name, 0);

        Instant stopping = Instant.now();
        first.destroy(); // SIGTERM
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).as("stopped in time").isTrue();
        // the records in flight finish, no new one is taken: far quicker than the 30 s shutdown timeout
        assertThat(Duration.between(stopping, Instant.now())).isLessThan(Duration.ofSeconds(20));
        assertThat(Files.exists(data.resolve("inbox").resolve(name))).as("the file stays to be finished").isTrue();
        assertThat(Files.exists(data.resolve("failed").resolve(name))).isFalse();
        assertThat(JSON.readTree(data.resolve("reports").resolve(name + ".report.json").toFile()).path("status").asText())
                .isEqualTo("RUNNING");
        assertThat(Files.exists(data.resolve("checkpoints").resolve(name + ".checkpoint.json"))).as("saved at the stop").isTrue();

        // meanwhile the file is replaced by another under the same name: its checkpoint is not the new file's
        Files.delete(data.resolve("inbox").resolve(name));
        drop(name, RECORDS, 0);
        startService();
        JsonNode report = awaitReport(name);
        assertThat(report.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(report.has("resumed")).as("another file starts from its first record").isFalse();
        assertThat(report.path("updated").asInt()).isEqualTo(RECORDS);
        assertThat(profilesIn("unit-00002")).isEqualTo(RECORDS);

        // a processed file is not processed again after a restart; a new file of the same name is
        long patches = patches();
        drop(name, 0, 0);
        Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> profilesIn("unit-00001") == RECORDS);
        assertThat(patches() - patches).isEqualTo(RECORDS);
    }

    @Test
    void sigtermEndsWithinTheShutdownTimeoutThoughCallsNeverAnswerAndOthersWaitForTheRateAndNothingIsLost() throws Exception {
        String name = "forced-" + System.nanoTime() + ".csv";
        // the point of this test: calls in flight outlive the shutdown timeout (3 s here, 30 s by default)
        Process first = startedMidFile(name, 0, "--camel.main.shutdown-timeout=3", "--acs.concurrency=8");
        // calls now never answer (10 minutes), and the operator slows the rate to its floor: the callers not hanging
        // at ACS queue for a slot, the last of them minutes away
        sandbox.setFaults(Faults.atRandom(600_000, 0, 0, 0, 1));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sandbox.requestsInFlight() > 0);
        assertThat(operatorWrites("RequestsPerSecond", "0.1")).isEqualTo(200);
        long patchedBefore = patches();
        // and a small file, read to its end at once, whose records are all cut short by the stop: it is not complete
        String small = "small-" + System.nanoTime() + ".csv";
        StringBuilder few = new StringBuilder("pkey,orgUnit\n");
        for (int i = RECORDS + 1; i <= RECORDS + 5; i++) {
            few.append('@').append(Base64.getUrlEncoder().withoutPadding().encodeToString(("profile/"
                    + String.format(Locale.ROOT, "user%07d@synthetic.example", i)).getBytes(StandardCharsets.UTF_8))).append(",unit-00002\n");
        }
        Files.move(Files.writeString(data.resolve(small + ".tmp"), few), data.resolve("inbox").resolve(small));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(data.resolve("reports").resolve(small + ".report.json")));

        Instant stopping = Instant.now();
        first.destroy(); // SIGTERM
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Duration.between(stopping, Instant.now())).as("the 3 s shutdown timeout, and the JVM's own exit")
                .isLessThan(Duration.ofSeconds(12));
        assertThat(Files.exists(data.resolve("inbox").resolve(name))).as("the file stays to be finished").isTrue();
        assertThat(Files.exists(data.resolve("failed").resolve(name))).as("not failed: it was stopped").isFalse();
        assertThat(Files.exists(data.resolve("dead-letter").resolve(name + ".dead-letter.jsonl")))
                .as("no record was dead-lettered for the stop").isFalse();
        assertThat(Files.exists(data.resolve("inbox").resolve(small))).as("its records had no outcome: it stays").isTrue();
        assertThat(Files.readString(data.resolve("reports").resolve(small + ".report.json"))).doesNotContain("COMPLETED");

        sandbox.setFaults(Faults.none());
        startService();
        JsonNode report = awaitReport(name);
        assertThat(report.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(report.path("records").asInt()).as("each record counted once").isEqualTo(RECORDS);
        assertThat(report.path("updated").asInt()).isEqualTo(RECORDS);
        assertThat(report.path("deadLettered").asInt()).isZero();
        assertThat(profilesIn("unit-00001")).isEqualTo(RECORDS);
        assertThat(patches() - patchedBefore).as("the unfinished records, plus those in flight at the stop")
                .isLessThanOrEqualTo(RECORDS - patchedBefore + 8 * 2 + 5);
        JsonNode smallReport = awaitReport(small);
        assertThat(smallReport.path("records").asInt()).isEqualTo(5);
        assertThat(smallReport.path("updated").asInt()).isEqualTo(5);
    }

    @Test
    void acsNeverCountsMoreThanTheRateInASecondThroughTimeoutsDropsNewTokensSeveralFilesAndAResume() throws Exception {
        // the point of this test is the rate under faults: 20 requests/s (what this machine holds steadily) and calls
        // timing out after 1.5 s; everything else as shipped (16 records in flight)
        String[] rate = {"--acs.rate-limit.requests-per-second=20", "--camel.component.http.response-timeout=1500",
                "--acs.concurrency=16"};
        Process first = startService(rate);
        String a = "rate-a-" + System.nanoTime() + ".csv";
        String b = "rate-b-" + System.nanoTime() + ".csv";
        drop(a, 0, 0);
        drop(b, RECORDS, 0);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> patches() >= 40);
        // a latency window longer than the time-out: every call in flight times out and is tried again
        sandbox.setFaults(Faults.atRandom(2_500, 0, 0, 0, 1));
        Thread.sleep(4_000);
        // lifted: the calls held meanwhile and their retries must not come as a burst; then drops, refused tokens,
        // 429s and 503s
        sandbox.setFaults(new Faults(0, 20, 0.1, 0.1, 1, 0, 0, 0, 3, 0, 3, 0, 0, "", "", Faults.EXACT, true, 0, Faults.NOT_FOUND, 0, 0, 0));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> patches() >= 120);
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // kill -9, then the runs resume
        // (without faults: one at the preflight would hold the sources back for its minute's retry interval)
        sandbox.setFaults(Faults.atRandom(0, 20, 0, 0, 1));
        startService(rate);
        JsonNode reportA = awaitReport(a);
        JsonNode reportB = awaitReport(b);

        assertThat(reportA.path("records").asInt() + reportB.path("records").asInt()).isEqualTo(2 * RECORDS);
        assertThat(reportA.path("deadLettered").asInt() + reportB.path("deadLettered").asInt()).isZero();
        JsonNode stats = sandboxJson("/sandbox/stats");
        assertThat(stats.path("requests").path("PATCH profile dropped").asLong()).isPositive();
        assertThat(stats.path("requests").path("PATCH profile 401").asLong()).isPositive();
        assertThat(stats.path("maxCampaignRequestsInOneSecond").asInt()).as(stats.path("campaignRequestsPerSecond").toString())
                .isBetween(10, 20);
    }

    // ------------------------------------------------------------------ helpers

    /** A service that has been given the file {@code name} and is part-way through it (50 records patched). */
    private Process startedMidFile(String name, int badEvery, String... serviceArgs) throws IOException {
        Process service = startService(serviceArgs);
        drop(name, 0, badEvery);
        Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> patches() >= 50);
        return service;
    }

    private Process startService(String... extraArgs) throws IOException {
        ServiceProcess service = ServiceProcess.start(sandbox.port(), data, List.of(extraArgs).isEmpty()
                ? DEFAULTS : concat(DEFAULTS, extraArgs), Map.of());
        services.add(service.process);
        latest = service;
        return service.process;
    }

    private ServiceProcess latest;

    /** The operator writes an attribute of the rate limit's console control, as Hawtio does; Jolokia's status. */
    private int operatorWrites(String attribute, String value) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + latest.port + "/actuator/jolokia"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + ServiceProcess.CONSOLE_PASSWORD)
                        .getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"write\",\"mbean\":\"dev.acssync:name=rateLimit\",\"attribute\":\""
                        + attribute + "\",\"value\":" + value + "}")).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).path("status").asInt();
    }

    /** Small and quick: the JMS source off, two records at a time, no rate limit (not what these tests are about). */
    private static final List<String> DEFAULTS = List.of("--sync.jms.enabled=false", "--acs.concurrency=2",
            "--acs.rate-limit.requests-per-second=0");

    private static List<String> concat(List<String> a, String... b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(List.of(b));
        return all;
    }

    /** Every 25th record of a file with bad rows names a unit that does not exist: a dead letter. */
    private static final int BAD_EVERY = 25;

    /**
     * RECORDS synthetic profiles from offset+1, all to unit-00001 (offset 0) or unit-00002 (otherwise), except every
     * {@code badEvery}th record (0: none), which names a unit that does not exist.
     */
    private void drop(String name, int offset, int badEvery) throws IOException {
        StringBuilder csv = new StringBuilder("pkey,orgUnit\n");
        for (int i = 1; i <= RECORDS; i++) {
            String email = String.format(Locale.ROOT, "user%07d@synthetic.example", i + offset);
            csv.append('@').append(Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("profile/" + email).getBytes(StandardCharsets.UTF_8)))
                    .append(badEvery > 0 && i % badEvery == 0 ? ",no-such-unit\n" : offset == 0 ? ",unit-00001\n" : ",unit-00002\n");
        }
        Files.createDirectories(data.resolve("inbox"));
        Path staging = Files.writeString(data.resolve(name + ".tmp"), csv);
        Files.move(staging, data.resolve("inbox").resolve(name));
    }

    private JsonNode awaitReport(String name) throws IOException {
        Path report = data.resolve("reports").resolve(name + ".report.json");
        Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() -> Files.exists(report)
                && Files.exists(data.resolve("processed").resolve(name)));
        return JSON.readTree(report.toFile());
    }

    private long patches() throws Exception {
        return sandboxJson("/sandbox/stats").path("requests").path("PATCH profile 200").asLong(0);
    }

    private long profilesIn(String unit) throws Exception {
        long n = 0;
        for (JsonNode p : sandboxJson("/sandbox/profiles")) {
            if (unit.equals(p.path("orgUnit").asText())) {
                n++;
            }
        }
        return n;
    }

    private JsonNode sandboxJson(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
