package dev.acssync;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Hawtio, Jolokia and the actuator: login required, the routes and their counters visible, no secret in the logs. */
@ExtendWith(OutputCaptureExtension.class)
class ConsoleIT extends SyncTestBase {

    private HttpResponse<String> anonymousGet(String path) throws Exception {
        return CONSOLE_HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "*/*").build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anonymousRequestsAreRefusedExceptTheProbes() throws Exception {
        for (String path : new String[] {"/actuator/hawtio/", "/actuator/jolokia/version", "/actuator/health",
                "/actuator/prometheus", "/actuator/metrics"}) {
            assertThat(anonymousGet(path).statusCode()).as(path).isIn(302, 401);
        }
        // a browser is sent to the login form
        HttpResponse<String> browser = CONSOLE_HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/hawtio/"))
                .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(browser.statusCode()).isEqualTo(302);
        assertThat(browser.headers().firstValue("Location").orElse("")).endsWith("/login");
        assertThat(anonymousGet("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(anonymousGet("/actuator/health/readiness").statusCode()).isIn(200, 503);
    }

    @Test
    void anonymousProbesTellTheStatusOnlyAndALoginSeesTheDetails() throws Exception {
        for (String probe : new String[] {"/actuator/health/liveness", "/actuator/health/readiness"}) {
            JsonNode anonymous = JSON.readTree(anonymousGet(probe).body());
            assertThat(anonymous.properties()).extracting(java.util.Map.Entry::getKey).as(probe).containsExactly("status");
        }
        JsonNode withLogin = JSON.readTree(consoleGet("/actuator/health/readiness").body());
        assertThat(HealthJson.check(withLogin, "acsAvailability").path("status").asText()).isEqualTo("UP");
        JsonNode viewer = JSON.readTree(CONSOLE_HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .header("Authorization", VIEWER_LOGIN).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(viewer.path("components").has("camelHealth")).isTrue();
    }

    @Test
    void withCredentialsTheConsoleShowsTheRoutesAndTheirCounters() throws Exception {
        dropAndAwaitReport("console-" + System.nanoTime() + ".csv", "email,orgUnit\nemma.jones@example.com,press\n");

        assertThat(consoleGet("/actuator/hawtio/").statusCode()).isEqualTo(200);
        HttpResponse<String> route = consoleGet("/actuator/jolokia/read/org.apache.camel:context=acs-orgunit-sync,type=routes,"
                + "name=%22file-inbox%22/Description,ExchangesCompleted");
        assertThat(route.statusCode()).isEqualTo(200);
        JsonNode value = JSON.readTree(route.body()).path("value");
        assertThat(value.path("Description").asText()).startsWith("Watch the inbox");
        assertThat(value.path("ExchangesCompleted").asLong()).isPositive();

        JsonNode health = JSON.readTree(consoleGet("/actuator/health").body());
        assertThat(HealthJson.check(health, "acsAvailability").path("status").asText()).isEqualTo("UP");
        assertThat(HealthJson.check(health, "orgUnitDirectory").path("details").path("units").asInt()).isEqualTo(35);
        assertThat(HealthJson.check(health, "dataFolders").path("status").asText()).isEqualTo("UP");

        String prometheus = consoleGet("/actuator/prometheus").body();
        assertThat(prometheus).contains("sync_records_total{channel=\"file\",reason=\"none\",status=\"UPDATED\"}")
                .contains("acs_requests_seconds_count{method=\"PATCH\",resource=\"profile\",status=\"200\"}")
                .contains("acs_requests_seconds_bucket{method=\"PATCH\",resource=\"profile\",status=\"200\",le=\"0.001\"}");
    }

    @Test
    void theDirectoryCanBeRefreshedFromTheConsoleOverJmx() {
        JsonNode r = jolokiaExec(CONSOLE_LOGIN, "dev.acssync:name=orgUnitDirectory", "refresh()");
        assertThat(r.path("value").asInt()).isEqualTo(35);
        assertThat(requests("GET orgUnitBase 200")).isEqualTo(2);

        // a refresh that fails says so, instead of answering the size of the list it kept
        faults("{\"next503\": 1}");
        JsonNode failed = jolokiaExec(CONSOLE_LOGIN, "dev.acssync:name=orgUnitDirectory", "refresh()");
        assertThat(failed.path("status").asInt()).isNotEqualTo(200);
        assertThat(failed.path("error").asText()).contains("The refresh failed; the previous list of 35 units is kept")
                .contains("503");
        assertThat(jolokiaExec(CONSOLE_LOGIN, "dev.acssync:name=orgUnitDirectory", "refresh()").path("value").asInt()).isEqualTo(35);
    }

    @Test
    void jolokiaRefusesJvmLevelOperations() {
        assertThat(jolokiaExec(CONSOLE_LOGIN, "com.sun.management:type=DiagnosticCommand", "vmVersion()").path("status").asInt())
                .isEqualTo(403);
        assertThat(jolokiaExec(CONSOLE_LOGIN, "com.sun.management:type=HotSpotDiagnostic", "dumpHeap(java.lang.String,boolean)",
                "x.hprof", true).path("status").asInt()).isEqualTo(403);
        assertThat(jolokiaExec(CONSOLE_LOGIN, "java.lang:type=Memory", "gc()").path("status").asInt()).isEqualTo(403);
        assertThat(jolokia(VIEWER_LOGIN, "{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"HeapMemoryUsage\"}")
                .path("status").asInt()).isEqualTo(200);
    }

    @Test
    void hawtiosRouteDiagramGetsItsStatistics() {
        // what Hawtio's route diagram calls; it failed while a bean step's bean was itself a managed resource
        JsonNode answer = jolokiaExec(VIEWER_LOGIN, "org.apache.camel:context=acs-orgunit-sync,type=context,name=\"acs-orgunit-sync\"",
                "dumpRoutesStatsAsXml(boolean,boolean)", true, true);
        assertThat(answer.path("status").asInt()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.path("value").asText()).contains("id=\"rate-limit\"").contains("id=\"enrich-with-org-unit\"");
    }

    @Test
    void aBrowserSessionsPostsNeedTheConsolesCsrfToken() throws Exception {
        // log in through the form, as a browser does: the session cookie alone must not be enough for a POST
        HttpResponse<String> loginPage = CONSOLE_HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        String csrfCookie = cookie(loginPage, "XSRF-TOKEN");
        HttpResponse<String> loggedIn = CONSOLE_HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", csrfCookie)
                .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=sandbox&_csrf=" + csrfCookie.substring("XSRF-TOKEN=".length())))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(loggedIn.statusCode()).isEqualTo(302);
        String session = cookie(loggedIn, "JSESSIONID");
        String body = "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"Uptime\"}";

        HttpResponse<String> forged = CONSOLE_HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/jolokia"))
                .header("Cookie", session).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);

        // what Hawtio's page does: echo the XSRF-TOKEN cookie in the X-XSRF-TOKEN header
        HttpResponse<String> page = CONSOLE_HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/hawtio/"))
                .header("Cookie", session).build(), HttpResponse.BodyHandlers.ofString());
        String token = cookie(page, "XSRF-TOKEN");
        HttpResponse<String> fromConsole = CONSOLE_HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/jolokia"))
                .header("Cookie", session + "; " + token).header("X-XSRF-TOKEN", token.substring("XSRF-TOKEN=".length()))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(fromConsole.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(fromConsole.body()).path("value").asLong()).isPositive();
    }

    private static String cookie(HttpResponse<String> response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
                .findFirst().orElseThrow(() -> new AssertionError("no cookie " + name + " in " + response.headers())).split(";")[0];
    }

    @Test
    void secretsAndTokensNeverReachTheLogs(CapturedOutput output) throws Exception {
        sandbox("POST", "/sandbox/revoke-tokens", "");
        faults("{\"next401\": 1, \"next503\": 1}");
        String name = "secrets-" + System.nanoTime() + ".csv";
        dropAndAwaitReport(name, "email,orgUnit\nfarid.haddad@example.com,staff\nnobody@example.com,staff\n");

        assertThat(output.getAll()).doesNotContain("sandbox-secret").doesNotContain("Bearer sandbox.");
        assertThat(deadLetters(name).toString()).doesNotContain("sandbox-secret").doesNotContain("Bearer");
        assertThat(report(name).toString()).doesNotContain("Bearer");
    }
}
