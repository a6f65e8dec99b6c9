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
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tenant naming profiles by its own key: records carry a crmId column, found through the custom filter byCrmId
 * (parameter crmId_parameter) on the custom field cusCrmId, which the sandbox serves with ACS's names, with the
 * exactly-one-match rule of emails. The same service reads pkey records first (acs.pkey-records.check-first=true)
 * and files without a byte-order mark as windows-1252 (sync.record.charset): the settings are the point here.
 */
class CustomProfileKeyIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void recordsNamingTheirProfileByACrmIdAreAppliedThroughTheCustomFilter() throws Exception {
        Path data = Files.createTempDirectory("acs-sync-custom-key");
        try (AcsSandbox sandbox = new AcsSandbox(SandboxSettings.defaults().withPort(ServiceProcess.freePort()))) {
            sandbox.start();
            try (ServiceProcess service = ServiceProcess.start(sandbox.port(), data, List.of(
                    "--sync.record.custom-key-field=crmId", "--acs.custom-key.field=cusCrmId", "--acs.custom-key.filter=byCrmId",
                    "--acs.custom-key.parameter=crmId_parameter", "--acs.pkey-records.check-first=true",
                    "--sync.record.charset=windows-1252"), Map.of())) {
                Awaitility.await().atMost(Duration.ofSeconds(40)).until(() ->
                        service.get("/actuator/health/readiness", false).statusCode() == 200);
                Files.writeString(data.resolve("inbox").resolve("crm.csv"), """
                        crmId,orgUnit
                        CRM-0001,brand3
                        CRM-0002,brand3
                        CRM-9999,brand3
                        ,brand3
                        """);

                Path report = data.resolve("reports").resolve("crm.csv.report.json");
                Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> Files.exists(report)
                        && !"RUNNING".equals(JSON.readTree(report.toFile()).path("status").asText()));
                JsonNode result = JSON.readTree(report.toFile());
                assertThat(result.path("updated").asInt()).isEqualTo(2);
                assertThat(result.path("reasons").path("PROFILE_NOT_FOUND").asInt()).isEqualTo(1);
                assertThat(result.path("reasons").path("INVALID_RECORD").asInt()).isEqualTo(1);
                List<String> deadLetters = Files.readAllLines(data.resolve("dead-letter").resolve("crm.csv.dead-letter.jsonl"));
                assertThat(deadLetters).anyMatch(l -> l.contains("no profile with cusCrmId 'CRM-9999' (matched as written)"))
                        .anyMatch(l -> l.contains("none of 'email', 'pkey' and 'crmId' is given"));

                JsonNode profiles = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(sandbox.baseUrl() + "/sandbox/profiles")).build(), HttpResponse.BodyHandlers.ofString()).body());
                for (JsonNode p : profiles) {
                    if (List.of("CRM-0001", "CRM-0002").contains(p.path("cusCrmId").asText())) {
                        assertThat(p.path("orgUnit").asText()).as(p.path("cusCrmId").asText()).isEqualTo("brand3");
                    }
                }
                JsonNode stats = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(sandbox.baseUrl() + "/sandbox/stats")).build(), HttpResponse.BodyHandlers.ofString()).body());
                assertThat(stats.path("requests").path("GET profileByCrmId 200").asInt())
                        .as("the preflight's check of the filter, then one lookup a record with a key").isEqualTo(1 + 3);

                // check-first: a pkey record is read first, and PATCHed only when its profile is elsewhere
                String alice = pkeyOf(profiles, "CRM-0001"); // in brand3 since the file above
                String carla = pkeyOf(profiles, "CRM-0003");
                Files.writeString(data.resolve("inbox").resolve("keys.csv"), "pkey,orgUnit\n" + alice + ",brand3\n" + carla + ",brand3\n");
                Path keys = data.resolve("reports").resolve("keys.csv.report.json");
                Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> Files.exists(keys)
                        && !"RUNNING".equals(JSON.readTree(keys.toFile()).path("status").asText()));
                JsonNode checked = JSON.readTree(keys.toFile());
                assertThat(checked.path("unchanged").asInt()).isEqualTo(1);
                assertThat(checked.path("updated").asInt()).isEqualTo(1);
                JsonNode after = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(sandbox.baseUrl() + "/sandbox/stats")).build(), HttpResponse.BodyHandlers.ofString()).body());
                assertThat(after.path("requests").path("GET profile 200").asInt()).as("each pkey record read once").isEqualTo(2);
                assertThat(after.path("requests").path("PATCH profile 200").asInt() - stats.path("requests").path("PATCH profile 200").asInt())
                        .as("only the profile elsewhere is PATCHed").isEqualTo(1);

                // the same service reads Excel's plain "CSV" of a French Windows (sync.record.charset=windows-1252)
                Files.write(data.resolve("inbox").resolve("fr.csv"), ("Pr\u00e9nom;Nom;crmId;orgUnit\r\nFran\u00e7oise;"
                        + "M\u00fcller;CRM-0004;brand3\r\n").getBytes(java.nio.charset.Charset.forName("windows-1252")));
                Path frReport = data.resolve("reports").resolve("fr.csv.report.json");
                Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> Files.exists(frReport)
                        && !"RUNNING".equals(JSON.readTree(frReport.toFile()).path("status").asText()));
                assertThat(JSON.readTree(frReport.toFile()).path("updated").asInt()).isEqualTo(1);
            }
        }
    }

    @Test
    void aMisspeltCustomFilterIsNamedByThePreflightAndNoFileIsTaken() throws Exception {
        Path data = Files.createTempDirectory("acs-sync-custom-filter");
        try (AcsSandbox sandbox = new AcsSandbox(SandboxSettings.defaults().withPort(ServiceProcess.freePort()))) {
            sandbox.start();
            // byCrmid for byCrmId: ACS answers a filter it does not have with a 500 "Oops ... Check your URI"
            try (ServiceProcess service = ServiceProcess.start(sandbox.port(), data, List.of(
                    "--sync.record.custom-key-field=crmId", "--acs.custom-key.field=cusCrmId", "--acs.custom-key.filter=byCrmid",
                    "--acs.custom-key.parameter=crmId_parameter"), Map.of())) {
                Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    JsonNode preflight = HealthJson.check(JSON.readTree(service.get("/actuator/health", true).body()), "preflight");
                    assertThat(preflight.path("details").path("reason").asText()).startsWith("custom filter: ACS does not "
                            + "know the custom filter; check acs.custom-key.filter").contains("GET profile/byCrmid answered HTTP 500");
                });
                Path dropped = data.resolve("inbox").resolve("crm.csv");
                Files.writeString(dropped, "crmId,orgUnit\nCRM-0001,brand3\n");
                Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> Files.exists(dropped));
                assertThat(service.get("/actuator/health/readiness", false).statusCode()).isEqualTo(503);
            }
        }
    }

    private static String pkeyOf(JsonNode profiles, String crmId) {
        for (JsonNode p : profiles) {
            if (crmId.equals(p.path("cusCrmId").asText())) {
                return p.path("PKey").asText();
            }
        }
        throw new IllegalArgumentException(crmId);
    }
}
