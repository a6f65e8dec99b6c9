package dev.acssync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acssync.sandbox.AcsSandbox;
import dev.acssync.sandbox.SandboxSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A file's run from a snapshot of the tenant (acs.lookup.mode, auto by default) against one a lookup a record: two
 * services side by side, each with a sandbox of its own seeded alike - 2,512 profiles, above a big-table threshold of
 * 1,000, so the listing pages only with _forcePagination. The shipped settings otherwise (auto, pages of 1,000, 10
 * calls a second), but for the custom key the auto service knows (a crmId column, declared as the profile's id).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SnapshotIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int PROFILES = 2_500;

    private static AcsSandbox perRecordSandbox;
    private static AcsSandbox autoSandbox;
    private static ServiceProcess perRecord;
    private static ServiceProcess auto;
    private static Path perRecordData;
    private static Path autoData;

    @BeforeAll
    static void start() throws Exception {
        perRecordSandbox = sandbox();
        autoSandbox = sandbox();
        perRecordData = Files.createTempDirectory("acs-sync-per-record");
        autoData = Files.createTempDirectory("acs-sync-snapshot");
        CompletableFuture<ServiceProcess> first = CompletableFuture.supplyAsync(() -> service(perRecordSandbox, perRecordData,
                List.of("--acs.lookup.mode=per-record")));
        // the tenant's own key, declared as the profile resource's id: the point of one test, unused by the others
        autoSandbox.declareCustomKeyAsId(true);
        auto = service(autoSandbox, autoData, List.of("--sync.record.custom-key-field=crmId", "--acs.custom-key.field=cusCrmId",
                "--acs.custom-key.as-id=true"));
        perRecord = first.get();
    }

    private static AcsSandbox sandbox() throws Exception {
        AcsSandbox sandbox = new AcsSandbox(SandboxSettings.defaults().withPort(ServiceProcess.freePort())
                .withSyntheticProfiles(PROFILES).withBigTableThreshold(1_000));
        sandbox.start();
        return sandbox;
    }

    private static ServiceProcess service(AcsSandbox sandbox, Path data, List<String> args) {
        try {
            ServiceProcess service = ServiceProcess.start(sandbox.port(), data, args, Map.of());
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                    service.get("/actuator/health/readiness", false).statusCode() == 200);
            return service;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {perRecord, auto, perRecordSandbox, autoSandbox}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // the next close still runs
            }
        }
    }

    private static String synthetic(int i) {
        return String.format(Locale.ROOT, "user%07d@synthetic.example", i);
    }

    @Test
    @Order(1) // the two sandboxes alike until then: the others change only the snapshot's
    void theSnapshotDecidesEveryRecordAsALookupARecordWouldForFarFewerCalls() throws Exception {
        StringBuilder file = new StringBuilder("email,pkey,orgUnit\n");
        for (int i = 1; i <= 60; i++) {
            file.append(synthetic(i)).append(",,all\n"); // already in the root unit: unchanged
        }
        for (int i = 61; i <= 65; i++) {
            file.append(synthetic(i)).append(",,brand1\n"); // moved
        }
        file.append("ALICE.MARTIN@example.com,,brand1\n")   // only in another case: PROFILE_NOT_FOUND
                .append("shared.mailbox@example.com,,brand1\n") // two profiles: AMBIGUOUS_PROFILE
                .append("nobody@example.com,,brand1\n")         // no such profile: PROFILE_NOT_FOUND
                .append(synthetic(66)).append(",,no-such-unit\n") // UNKNOWN_ORG_UNIT
                .append("not-an-email,,brand1\n")               // INVALID_RECORD
                .append(",").append(pkeyOf(perRecordSandbox, synthetic(67))).append(",brand2\n") // by PKey, moved
                .append(",@bm90LWEtcHJvZmlsZQ,brand2\n");       // a PKey of no profile: PROFILE_NOT_FOUND

        // side by side: each service has its own sandbox
        CompletableFuture<JsonNode> lookedUp = CompletableFuture.supplyAsync(() -> {
            try {
                return run(perRecord, perRecordData, "nightly.csv", file.toString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        JsonNode bySnapshot = run(auto, autoData, "nightly.csv", file.toString());
        JsonNode byLookups = lookedUp.get();

        assertThat(byLookups.path("lookup").path("mode").asText()).isEqualTo("per-record");
        assertThat(bySnapshot.path("lookup").path("mode").asText()).isEqualTo("snapshot");
        assertThat(bySnapshot.path("lookup").path("listing").asText())
                .isEqualTo(String.format(Locale.ROOT, "%,d profiles listed in 3 pages, 70 of them named by the file", PROFILES + 12));
        for (String field : List.of("records", "updated", "unchanged", "deadLettered", "reasons")) {
            assertThat(bySnapshot.path(field)).as(field).isEqualTo(byLookups.path(field));
        }
        assertThat(byLookups.path("updated").asInt()).isEqualTo(6);
        assertThat(byLookups.path("unchanged").asInt()).isEqualTo(60);
        assertThat(deadLetters(autoData, "nightly.csv")).isEqualTo(deadLetters(perRecordData, "nightly.csv"));
        assertThat(units(autoSandbox)).isEqualTo(units(perRecordSandbox));

        // kept: the 66 synthetic emails, alice in her own case, the two shared mailboxes, the PKey record's profile.
        // The calls: the tenant counted once, listed in 3 pages past its big-table threshold; the records it does not
        // show in their unit already looked up (the five moved, alice, the shared mailbox, nobody); seven PATCHes
        JsonNode stats = stats(autoSandbox);
        assertThat(stats.path("GET profileCount 200").asInt()).isEqualTo(1);
        assertThat(stats.path("GET profileList 200").asInt()).as("paged with _forcePagination=true").isEqualTo(3);
        assertThat(stats.path("GET profileByEmail 200").asInt()).isEqualTo(8);
        assertThat(bySnapshot.path("acsCallsByKind").toString())
                .isEqualTo("{\"listing\":4,\"lookup\":8,\"patch\":7,\"retry\":0}");
        assertThat(bySnapshot.path("acsCalls").asLong()).isEqualTo(19);
        assertThat(byLookups.path("acsCallsByKind").toString())
                .isEqualTo("{\"listing\":0,\"lookup\":68,\"patch\":7,\"retry\":0}");
        assertThat(bySnapshot.path("acsCalls").asDouble()).isLessThanOrEqualTo(1.1 * byLookups.path("acsCalls").asDouble());
    }

    @Test
    void aSmallFileIsLookedUpOneRecordAtATimeWithoutCountingTheTenant() throws Exception {
        long countsBefore = stats(autoSandbox).path("GET profileCount 200").asLong();
        JsonNode report = run(auto, autoData, "small.csv", "email,orgUnit\n" + synthetic(101) + ",brand3\n" + synthetic(102) + ",all\n");
        assertThat(report.path("lookup").path("mode").asText()).isEqualTo("per-record");
        assertThat(report.path("lookup").path("why").asText()).isEqualTo("auto: 2 lookups, fewer than 20: a lookup a record");
        assertThat(report.path("acsCalls").asInt()).as("2 lookups, 1 PATCH").isEqualTo(3);
        assertThat(stats(autoSandbox).path("GET profileCount 200").asLong()).isEqualTo(countsBefore);
    }

    @Test
    void aFileOnATenantTooBigToListIsLookedUpAndCostsOneCountMore() throws Exception {
        StringBuilder file = new StringBuilder("email,orgUnit\n");
        for (int i = 201; i <= 220; i++) {
            file.append(synthetic(i)).append(",all\n");
        }
        JsonNode report = run(auto, autoData, "twenty.csv", file.toString());
        assertThat(report.path("lookup").path("why").asText()).isEqualTo("auto: listing the tenant's 2,512 profiles takes "
                + "3 pages of 1,000, with the count more than a tenth of the 20 lookups a record would cost: a lookup a record");
        assertThat(report.path("acsCalls").asInt()).as("the count, then 20 lookups").isEqualTo(21);
        assertThat(report.path("acsCalls").asDouble()).isLessThanOrEqualTo(1.1 * 20);
    }

    @Test
    void aProfileCreatedAfterTheListingIsLookedUpAndFound() throws Exception {
        StringBuilder file = new StringBuilder("email,orgUnit\n");
        for (int i = 301; i <= 350; i++) {
            file.append(synthetic(i)).append(",all\n");
        }
        file.append("late.comer@example.com,brand4\n");
        autoSandbox.afterListing(() -> autoSandbox.addProfile("late.comer@example.com", "CRM-LATE", "all"));
        JsonNode report = run(auto, autoData, "late.csv", file.toString());
        assertThat(report.path("lookup").path("mode").asText()).isEqualTo("snapshot");
        assertThat(report.path("updated").asInt()).isEqualTo(1);
        assertThat(report.path("unchanged").asInt()).isEqualTo(50);
        assertThat(units(autoSandbox).get("late.comer@example.com")).isEqualTo("brand4");
    }

    @Test
    void aDryRunUsesTheSnapshotTooAndTheCallsAreCountedByKindForPrometheus() throws Exception {
        StringBuilder file = new StringBuilder("email,orgUnit\n");
        for (int i = 401; i <= 445; i++) {
            file.append(synthetic(i)).append(i <= 440 ? ",all\n" : ",brand2\n");
        }
        long patchesBefore = stats(autoSandbox).path("PATCH profile 200").asLong();
        JsonNode report = run(auto, autoData, "check.dry-run.csv", file.toString());
        assertThat(report.path("dryRun").asBoolean()).isTrue();
        assertThat(report.path("lookup").path("mode").asText()).isEqualTo("snapshot");
        assertThat(report.path("unchanged").asInt()).isEqualTo(40);
        assertThat(report.path("updated").asInt()).as("would be updated").isEqualTo(5);
        assertThat(report.path("acsCallsByKind").path("patch").asInt()).isZero();
        assertThat(stats(autoSandbox).path("PATCH profile 200").asLong()).isEqualTo(patchesBefore);

        // the worst case for a snapshot: every record elsewhere, each then looked up as without one (a dry run: no
        // PATCH to dilute the listing's cost): still at most 1.1 times the lookups a record would cost
        StringBuilder allMoved = new StringBuilder("email,orgUnit\n");
        for (int i = 451; i <= 500; i++) {
            allMoved.append(synthetic(i)).append(",brand2\n");
        }
        JsonNode worst = run(auto, autoData, "all-moved.dry-run.csv", allMoved.toString());
        assertThat(worst.path("lookup").path("mode").asText()).isEqualTo("snapshot");
        assertThat(worst.path("updated").asInt()).isEqualTo(50);
        assertThat(worst.path("acsCalls").asDouble()).as("4 listing calls and 50 lookups").isLessThanOrEqualTo(1.1 * 50);

        String metrics = auto.get("/actuator/prometheus", true).body();
        assertThat(metrics).containsPattern("acs_calls_total\\{[^}]*kind=\"listing\"[^}]*} [1-9]")
                .containsPattern("acs_calls_total\\{[^}]*kind=\"lookup\"[^}]*} [1-9]");
    }

    @Test
    void aCustomKeyDeclaredAsTheIdIsPatchedAtItsKeyAndNotAtAllWhenTheSnapshotShowsItInItsUnit() throws Exception {
        StringBuilder file = new StringBuilder("email,crmId,orgUnit\n");
        for (int i = 501; i <= 545; i++) {
            file.append(synthetic(i)).append(",,all\n");
        }
        for (int i = 546; i <= 555; i++) {
            file.append(",").append(String.format(Locale.ROOT, "CRM-S%07d", i)).append(i <= 552 ? ",all\n" : ",brand3\n");
        }
        file.append(",CRM-NOPE,brand3\n");
        JsonNode before = stats(autoSandbox);

        JsonNode report = run(auto, autoData, "crm-keys.csv", file.toString());

        assertThat(report.path("lookup").path("mode").asText()).isEqualTo("snapshot");
        assertThat(report.path("unchanged").asInt()).isEqualTo(52);
        assertThat(report.path("updated").asInt()).isEqualTo(3);
        assertThat(report.path("reasons").path("PROFILE_NOT_FOUND").asInt()).as("CRM-NOPE, after its one PATCH").isEqualTo(1);
        assertThat(report.path("acsCallsByKind").toString()).isEqualTo("{\"listing\":4,\"lookup\":0,\"patch\":4,\"retry\":0}");
        JsonNode after = stats(autoSandbox);
        assertThat(after.path("GET profileByCrmId 200").asInt()).as("no filter").isEqualTo(before.path("GET profileByCrmId 200").asInt());
        assertThat(after.path("PATCH profile 200").asInt() - before.path("PATCH profile 200").asInt()).isEqualTo(3);
        for (JsonNode p : profiles(autoSandbox)) {
            String key = p.path("cusCrmId").asText();
            if (key.compareTo("CRM-S0000553") >= 0 && key.compareTo("CRM-S0000555") <= 0) {
                assertThat(p.path("orgUnit").asText()).as(key).isEqualTo("brand3");
            }
        }
    }

    private static JsonNode run(ServiceProcess service, Path data, String name, String content) throws Exception {
        Path staged = data.resolve(name + ".part");
        Files.writeString(staged, content);
        Files.move(staged, data.resolve("inbox").resolve(name));
        Path report = data.resolve("reports").resolve(name + ".report.json");
        // the report read once, and only a final one: the first one is created in place (CREATE_NEW, the run's claim),
        // so a read at that moment can find it empty
        return Awaitility.await().atMost(Duration.ofSeconds(60)).until(
                () -> Files.exists(report) ? JSON.readTree(report.toFile()) : null,
                read -> read != null && List.of("COMPLETED", "FAILED").contains(read.path("status").asText()));
    }

    /** Each dead letter's line and reason, in line order. */
    private static Map<Long, String> deadLetters(Path data, String name) throws Exception {
        Map<Long, String> out = new TreeMap<>();
        for (String line : Files.readAllLines(data.resolve("dead-letter").resolve(name + ".dead-letter.jsonl"))) {
            JsonNode letter = JSON.readTree(line);
            out.put(letter.path("line").asLong(), letter.path("reason").asText());
        }
        return out;
    }

    /** Every profile not in the root unit: its email (or PKey) and its unit's name. */
    private static Map<String, String> units(AcsSandbox sandbox) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode p : profiles(sandbox)) {
            if (!"all".equals(p.path("orgUnit").asText())) {
                out.put(p.path("email").asText(p.path("PKey").asText()), p.path("orgUnit").asText());
            }
        }
        return out;
    }

    private static List<JsonNode> profiles(AcsSandbox sandbox) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(get(sandbox.baseUrl() + "/sandbox/profiles")).forEach(out::add);
        return out;
    }

    private static String pkeyOf(AcsSandbox sandbox, String email) throws Exception {
        return profiles(sandbox).stream().filter(p -> email.equals(p.path("email").asText())).findFirst().orElseThrow()
                .path("PKey").asText();
    }

    private static JsonNode stats(AcsSandbox sandbox) throws Exception {
        return JSON.readTree(get(sandbox.baseUrl() + "/sandbox/stats")).path("requests");
    }

    private static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
