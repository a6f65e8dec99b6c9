package dev.acssync.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.acssync.SyncTestBase;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Least privilege on the console, tried as an attacker who holds a console login: every way the old policy handed
 * out the host is refused, the viewer only reads, a GET never changes anything, and no other web origin gets in.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConsoleAccessIT extends SyncTestBase {
    private static final String CONTEXT = "org.apache.camel:context=acs-orgunit-sync,type=context,name=\"acs-orgunit-sync\"";
    private static final String BROKER = "org.apache.activemq.artemis:broker=\"localhost\"";
    private static final String RATE_LIMIT = "dev.acssync:name=rateLimit";
    private static final String RATE_WRITE = "{\"type\":\"write\",\"mbean\":\"" + RATE_LIMIT
            + "\",\"attribute\":\"RequestsPerSecond\",\"value\":%s}";

    private HttpResponse<String> consoleGetAs(String login, String path) throws Exception {
        return CONSOLE_HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization", login)
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int status(JsonNode jolokiaAnswer) {
        return jolokiaAnswer.path("status").asInt();
    }

    @Test
    void theOperatorCannotUseCamelToReadSecretsFilesOrTheNetwork() throws Exception {
        Path written = DATA.resolve("planted-" + System.nanoTime());
        AtomicInteger calls = new AtomicInteger();
        HttpServer elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        elsewhere.createContext("/", ex -> {
            calls.incrementAndGet();
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        elsewhere.start();
        try {
            JsonNode secret = jolokiaExec(CONSOLE_LOGIN, CONTEXT, "requestStringBody(java.lang.String,java.lang.Object)",
                    "language:simple:{{acs.client-secret}}", "x");
            JsonNode file = jolokiaExec(CONSOLE_LOGIN, CONTEXT, "sendStringBody(java.lang.String,java.lang.String)",
                    "file:" + DATA + "?fileName=" + written.getFileName(), "planted");
            JsonNode read = jolokiaExec(CONSOLE_LOGIN, CONTEXT, "requestStringBody(java.lang.String,java.lang.Object)",
                    "resource:file:/etc/hostname", "x");
            JsonNode http = jolokiaExec(CONSOLE_LOGIN, CONTEXT, "requestStringBody(java.lang.String,java.lang.Object)",
                    "http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/", "x");

            assertThat(status(secret)).isEqualTo(403);
            assertThat(secret.toString()).doesNotContain("sandbox-secret");
            assertThat(status(file)).isEqualTo(403);
            assertThat(status(read)).isEqualTo(403);
            assertThat(status(http)).isEqualTo(403);
            assertThat(Files.exists(written)).isFalse();
            assertThat(calls.get()).isZero();
        } finally {
            elsewhere.stop(0);
        }
    }

    @Test
    void theOperatorCannotStopTheServiceOrItsBrokerOrTamperWithTheBroker() throws Exception {
        String quartz = jolokiaGetValue("/search/quartz:*").get(0).asText();
        assertThat(status(jolokiaExec(CONSOLE_LOGIN, CONTEXT, "stop()"))).isEqualTo(403);
        assertThat(status(jolokiaExec(CONSOLE_LOGIN, "org.apache.camel:type=routes,*", "stop()"))).as("a name pattern").isEqualTo(403);
        assertThat(status(jolokiaExec(CONSOLE_LOGIN, quartz, "shutdown()"))).isEqualTo(403);
        assertThat(status(jolokiaExec(CONSOLE_LOGIN, BROKER, "forceFailover()"))).isEqualTo(403);
        assertThat(status(jolokiaExec(CONSOLE_LOGIN, BROKER, "destroyQueue(java.lang.String)", "orgunit.assignments.DLQ"))).isEqualTo(403);
        assertThat(status(jolokiaExec(CONSOLE_LOGIN, BROKER, "addUser(java.lang.String,java.lang.String,java.lang.String,boolean)",
                "mallory", "pw", "admin", true))).isEqualTo(403);
        // a route dump that resolves placeholders would show passwords: only the plain dump is allowed
        assertThat(status(jolokiaExec(VIEWER_LOGIN, CONTEXT, "dumpRoutesAsXml(boolean)", true))).isEqualTo(403);
        assertThat(status(jolokia(VIEWER_LOGIN, "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"SystemProperties\"}")))
                .isEqualTo(403);

        assertThat(camel.getStatus()).isEqualTo(ServiceStatus.Started);
        assertThat(camel.getRouteController().getRouteStatus("file-inbox")).isEqualTo(ServiceStatus.Started);
        assertThat(jolokiaGetValue("/read/" + quartz.replace("\"", "%22") + "/Shutdown").asBoolean()).isFalse();
    }

    @Test
    void theViewerReadsAndDrawsRoutesButOperatesNothing() {
        assertThat(jolokiaGetValue("/read/org.apache.camel:context=acs-orgunit-sync,type=routes,name=%22file-inbox%22/State").asText())
                .isEqualTo("Started");
        JsonNode diagram = jolokiaExec(VIEWER_LOGIN, CONTEXT, "dumpRoutesAsXml()");
        assertThat(status(diagram)).isEqualTo(200);
        assertThat(diagram.path("value").asText()).contains("id=\"assign-org-unit\"");
        assertThat(status(jolokiaExec(VIEWER_LOGIN, CONTEXT, "dumpRoutesStatsAsXml(boolean,boolean)", true, true))).isEqualTo(200);
        // the health checks, as Camel shows them; switching one off is refused to every login
        String health = jolokiaGetValue("/search/org.apache.camel:type=health,*").get(0).asText();
        assertThat(jolokiaGetValue("/read/" + health.replace("\"", "%22") + "/HealthChecksIDs").toString())
                .contains("preflight").contains("acsAvailability");
        assertThat(status(jolokiaExec(VIEWER_LOGIN, health, "details()"))).isEqualTo(200);
        assertThat(status(jolokiaExec(CONSOLE_LOGIN, health, "disableById(java.lang.String)", "preflight"))).isEqualTo(403);

        String fileInbox = "org.apache.camel:context=acs-orgunit-sync,type=routes,name=\"file-inbox\"";
        assertThat(status(jolokiaExec(VIEWER_LOGIN, fileInbox, "stop()"))).isEqualTo(403);
        assertThat(status(jolokiaExec(VIEWER_LOGIN, "dev.acssync:name=orgUnitDirectory", "refresh()"))).isEqualTo(403);
        assertThat(status(jolokiaExec(VIEWER_LOGIN, "dev.acssync:name=preflight", "run()"))).isEqualTo(403);
        assertThat(status(jolokia(VIEWER_LOGIN, RATE_WRITE.formatted(1)))).isEqualTo(403);
        assertThat(camel.getRouteController().getRouteStatus("file-inbox")).isEqualTo(ServiceStatus.Started);
    }

    @Test
    void theOperatorsControlsWorkByPost() {
        String route = "org.apache.camel:context=acs-orgunit-sync,type=routes,name=\"org-unit-directory-schedule\"";
        assertThat(status(jolokiaExec(CONSOLE_LOGIN, route, "suspend()"))).isEqualTo(200);
        assertThat(camel.getRouteController().getRouteStatus("org-unit-directory-schedule")).isEqualTo(ServiceStatus.Suspended);
        assertThat(status(jolokiaExec(CONSOLE_LOGIN, route, "resume()"))).isEqualTo(200);
        assertThat(camel.getRouteController().getRouteStatus("org-unit-directory-schedule")).isEqualTo(ServiceStatus.Started);

        JsonNode refreshed = jolokiaExec(CONSOLE_LOGIN, "dev.acssync:name=orgUnitDirectory", "refresh()");
        assertThat(refreshed.path("value").asInt()).isEqualTo(35);
        assertThat(status(jolokiaExec(CONSOLE_LOGIN, "java.lang:type=Threading", "dumpAllThreads(boolean,boolean)", false, false)))
                .isEqualTo(200);

        // the rate limit, live: 5 requests a second, then back to the shipped 10
        assertThat(status(jolokia(CONSOLE_LOGIN, RATE_WRITE.formatted(5)))).isEqualTo(200);
        assertThat(rateNow()).isEqualTo(5.0);
        assertThat(status(jolokia(CONSOLE_LOGIN, RATE_WRITE.formatted(10)))).isEqualTo(200);
        assertThat(rateNow()).isEqualTo(10.0);
    }

    @Test
    void anAbsurdRateIsRefusedWithASentenceAndChangesNothing() {
        for (String absurd : new String[] {"2147483647", "0", "-5", "0.01", "1e9", "\"NaN\"", "\"ten\""}) {
            JsonNode answer = jolokia(CONSOLE_LOGIN, RATE_WRITE.formatted(absurd));
            assertThat(status(answer)).as(absurd).isNotEqualTo(200);
            assertThat(answer.path("error").asText()).as(absurd).doesNotContain("\n\tat ");
            assertThat(rateNow()).as("after " + absurd).isEqualTo(10.0);
        }
        assertThat(jolokia(CONSOLE_LOGIN, RATE_WRITE.formatted(0)).path("error").asText())
                .contains("0.1 and 1000").contains("Nothing changed");
    }

    private double rateNow() {
        return jolokia(VIEWER_LOGIN, "{\"type\":\"read\",\"mbean\":\"" + RATE_LIMIT + "\",\"attribute\":\"RequestsPerSecond\"}")
                .path("value").asDouble();
    }

    @Test
    void aGetNeverChangesAnythingWhateverTheRole() throws Exception {
        long listings = requests("GET orgUnitBase 200");
        HttpResponse<String> get = consoleGet("/actuator/jolokia/exec/dev.acssync:name=orgUnitDirectory/refresh()");
        HttpResponse<String> query = consoleGet("/actuator/jolokia/?p=/exec/dev.acssync:name=orgUnitDirectory/refresh()");
        HttpResponse<String> write = consoleGet("/actuator/jolokia/write/dev.acssync:name=rateLimit/RequestsPerSecond/1");

        assertThat(JSON.readTree(get.body()).path("status").asInt()).isEqualTo(403);
        assertThat(JSON.readTree(query.body()).path("status").asInt()).isEqualTo(403);
        assertThat(JSON.readTree(write.body()).path("status").asInt()).isEqualTo(403);
        assertThat(requests("GET orgUnitBase 200")).isEqualTo(listings);
    }

    @Test
    void aPageRebindingItsOwnNameToThisAddressIsRefusedWhileIpLiteralsAndLocalhostPass() throws Exception {
        // DNS rebinding: the page's name as Host and as Origin, so "same origin", and the demo password guessed
        assertThat(dev.acssync.RawHttp.status(port, "POST", "/actuator/jolokia", "{\"type\":\"version\"}",
                "Host: rebind.evil.example:" + port, "Origin: http://rebind.evil.example:" + port,
                "Authorization: " + CONSOLE_LOGIN, "Content-Type: application/json")).isEqualTo(403);
        assertThat(dev.acssync.RawHttp.status(port, "GET", "/actuator/health/liveness", null, "Host: rebind.evil.example"))
                .isEqualTo(403);
        assertThat(dev.acssync.RawHttp.status(port, "GET", "/actuator/jolokia/version", null, "Host: localhost:" + port,
                "Authorization: " + CONSOLE_LOGIN)).isEqualTo(200);
        // a Kubernetes probe names the pod's IP
        assertThat(dev.acssync.RawHttp.status(port, "GET", "/actuator/health/liveness", null, "Host: 10.42.0.7:" + port))
                .isEqualTo(200);
    }

    @Test
    void jolokiaNotificationsAreRefusedToEveryLoginHoweverAsked() throws Exception {
        for (String login : new String[] {VIEWER_LOGIN, CONSOLE_LOGIN}) {
            assertThat(JSON.readTree(consoleGetAs(login, "/actuator/jolokia/notification/register").body()).path("status").asInt())
                    .isEqualTo(403);
            assertThat(status(jolokia(login, "{\"type\":\"notification\",\"command\":\"register\"}"))).isEqualTo(403);
            assertThat(status(jolokia(login, "{\"type\":\"NOTIFICATION\",\"command\":\"register\"}"))).isEqualTo(403);
        }
    }

    @Test
    void onlyTheOperatorReadsADeadLettersContentThroughTheQueuesAttributes() {
        String dlq = "org.apache.activemq.artemis:broker=\\\"localhost\\\",component=addresses,address=\\\"orgunit.assignments.DLQ\\\","
                + "subcomponent=queues,routing-type=\\\"anycast\\\",queue=\\\"orgunit.assignments.DLQ\\\"";
        String read = "{\"type\":\"read\",\"mbean\":\"" + dlq + "\",\"attribute\":\"FirstMessageAsJSON\"}";
        assertThat(status(jolokia(VIEWER_LOGIN, read))).isEqualTo(403);
        assertThat(status(jolokia(CONSOLE_LOGIN, read))).isEqualTo(200);
        assertThat(status(jolokia(VIEWER_LOGIN, read.replace("FirstMessageAsJSON", "MessageCount")))).isEqualTo(200);
    }

    @Test
    void oddPathsGetA400AndNoStackTraceInTheLog(CapturedOutput output) throws Exception {
        for (String path : new String[] {"/actuator/hawtio/../jolokia", "/actuator;/jolokia", "/actuator/jolokia;jsessionid=x"}) {
            assertThat(dev.acssync.RawHttp.status(port, "GET", path, null, "Host: 127.0.0.1:" + port)).as(path).isIn(400, 404);
        }
        assertThat(output.getAll()).doesNotContain(" ERROR ").doesNotContain("RequestRejectedException");
    }

    @Test
    void guessedPasswordsAreLoggedAndSlowedDownPerAddressAndNeverLockTheOperatorOut(CapturedOutput output) throws Exception {
        String wrong = "Basic " + java.util.Base64.getEncoder().encodeToString("admin:guess-0001".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        java.util.List<Integer> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            answers.add(dev.acssync.RawHttp.statusFrom("127.0.0.2", port, "GET", "/actuator/jolokia/version", null,
                    "Host: 127.0.0.1:" + port, "Authorization: " + wrong));
        }
        assertThat(answers.subList(0, 4)).containsOnly(401);
        assertThat(answers.subList(4, 8)).as("the address now waits before each try").containsOnly(429);
        // even the right password waits at that address; from another address, the operator gets in at once
        assertThat(dev.acssync.RawHttp.statusFrom("127.0.0.2", port, "GET", "/actuator/jolokia/version", null,
                "Host: 127.0.0.1:" + port, "Authorization: " + CONSOLE_LOGIN)).isEqualTo(429);
        assertThat(dev.acssync.RawHttp.status(port, "GET", "/actuator/jolokia/version", null, "Host: 127.0.0.1:" + port,
                "Authorization: " + CONSOLE_LOGIN)).isEqualTo(200);
        assertThat(output.getAll()).contains("Console login failed for 'admin' from 127.0.0.2").doesNotContain("guess-0001");
    }

    @Test
    void anotherWebOriginIsRefusedAndGetsNoCorsHeaders() throws Exception {
        for (String origin : new String[] {"http://evil.example", "null", "http://127.0.0.1:" + (port + 1)}) {
            HttpResponse<String> r = CONSOLE_HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/jolokia/version"))
                    .header("Authorization", CONSOLE_LOGIN).header("Origin", origin).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(origin).isEqualTo(403);
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).as(origin).isEmpty();
            assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).as(origin).isEmpty();
        }
        HttpResponse<String> same = CONSOLE_HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/jolokia/version"))
                .header("Authorization", CONSOLE_LOGIN).header("Origin", "http://127.0.0.1:" + port).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(same.statusCode()).isEqualTo(200);
    }

    private JsonNode jolokiaGetValue(String path) {
        HttpResponse<String> r = consoleGet("/actuator/jolokia" + path);
        try {
            JsonNode answer = JSON.readTree(r.body());
            assertThat(answer.path("status").asInt()).as(r.body()).isEqualTo(200);
            return answer.path("value");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
