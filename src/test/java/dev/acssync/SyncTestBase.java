package dev.acssync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the whole service once (shared by every test class that extends this) with its shipped defaults, in a
 * temporary data folder, on free ports; the sandbox issues short tokens (2 s) so that renewals happen during tests,
 * the idle ACS probe waits an hour (tests count the sandbox's requests), and SFTP is on and polled every second.
 * Tests talk to the sandbox over HTTP.
 */
@CamelSpringBootTest
@DisableJmx(false) // Hawtio reads everything through JMX: test it as it runs
@AutoConfigureObservability // Spring Boot tests switch metric exporters off unless asked
@SpringBootTest(classes = Application.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class SyncTestBase {

    protected static final Path DATA;
    protected static final int SANDBOX_PORT;
    protected static final int BROKER_PORT;
    protected static final TestSftpServer SFTP;
    protected static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    protected static final HttpClient CONSOLE_HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    static {
        // the services other end-to-end tests start share a class-data archive: written meanwhile, while these wait
        ServiceProcess.prepareInBackground();
        try {
            DATA = Files.createTempDirectory("acs-sync-test");
            SANDBOX_PORT = freePort();
            BROKER_PORT = freePort();
            SFTP = new TestSftpServer(DATA.getParent().resolve(DATA.getFileName() + "-sftp"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    protected static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("sync.data-dir", DATA::toString);
        registry.add("acs.sandbox.port", () -> SANDBOX_PORT);
        registry.add("spring.jmx.enabled", () -> true);
        registry.add("sync.jms.embedded-broker-url", () -> "tcp://127.0.0.1:" + BROKER_PORT);
        registry.add("acs.sandbox.token-lifetime", () -> "PT2S");
        // tests count the sandbox's requests exactly: the idle probe runs only when a test sends it
        registry.add("acs.health.probe-interval-ms", () -> 3_600_000);
        registry.add("sync.sftp.enabled", () -> true);
        registry.add("sync.sftp.port", () -> SFTP.port);
        registry.add("sync.sftp.username", () -> "sync");
        registry.add("sync.sftp.private-key-file", SFTP.clientKeyFile::toString);
        registry.add("sync.sftp.known-hosts-file", SFTP.knownHostsFile::toString);
        registry.add("sync.sftp.cron", () -> "0/1 * * * * ?");
    }

    /** The console's demo logins in the sandbox configuration (operator, viewer), as HTTP basic credentials. */
    protected static final String CONSOLE_LOGIN = basic("admin", "sandbox");
    protected static final String VIEWER_LOGIN = basic("viewer", "sandbox");

    protected static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Autowired
    protected CamelContext camel;

    @LocalServerPort
    protected int port;

    /** GET on the service's own web port (console, Jolokia, actuator) with the console login; no redirects. */
    protected HttpResponse<String> consoleGet(String path) {
        try {
            return CONSOLE_HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Accept", "*/*").header("Authorization", CONSOLE_LOGIN).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A script's Jolokia request: a JSON POST with basic auth; returns Jolokia's answer. */
    protected JsonNode jolokia(String login, String json) {
        try {
            HttpResponse<String> r = CONSOLE_HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/jolokia"))
                    .header("Authorization", login).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A Jolokia exec request by POST, as JSON. */
    protected JsonNode jolokiaExec(String login, String mbean, String operation, Object... arguments) {
        var request = JSON.createObjectNode().put("type", "exec").put("mbean", mbean).put("operation", operation);
        var args = request.putArray("arguments");
        for (Object a : arguments) {
            args.addPOJO(a);
        }
        return jolokia(login, request.toString());
    }

    @BeforeEach
    void resetSandbox() {
        sandbox("POST", "/sandbox/reset", "");
    }

    // ------------------------------------------------------------------ sandbox over HTTP

    protected static JsonNode sandbox(String method, String path, String body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + SANDBOX_PORT + path))
                    .method(method, body == null || body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body))
                    .build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(method + " " + path).isEqualTo(200);
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected static void faults(String json) {
        sandbox("POST", "/sandbox/faults", json);
    }

    /** email (or PKey when the email is shared) -> org unit name, as the sandbox holds them now. */
    protected static Map<String, String> orgUnitsByEmail() {
        Map<String, String> out = new HashMap<>();
        for (JsonNode p : sandbox("GET", "/sandbox/profiles", "")) {
            out.merge(p.path("email").asText(), p.path("orgUnit").asText(), (a, b) -> a + "|" + b);
        }
        return out;
    }

    protected static long requests(String key) {
        return sandbox("GET", "/sandbox/stats", "").path("requests").path(key).asLong(0);
    }

    // ------------------------------------------------------------------ files

    /** Drops a file the way a careful user does (write elsewhere, then move) and waits until it is fully handled. */
    protected JsonNode dropAndAwaitReport(String name, byte[] content) throws IOException {
        NotifyBuilder done = fileDone(name);
        Path staging = Files.createTempFile(DATA, "staging", ".tmp");
        Files.write(staging, content);
        Files.move(staging, DATA.resolve("inbox").resolve(name));
        return awaitReport(done, name);
    }

    /** Fires when the inbox file's own exchange is done (not the per-record exchanges split from it). */
    protected NotifyBuilder fileDone(String name) {
        // the file's own exchange: not a record's (a split's), nor the copy its lookup choice works on (an enrich's)
        return new NotifyBuilder(camel).fromRoute("file-inbox")
                .filter(e -> e.getProperty(Exchange.SPLIT_INDEX) == null && e.getProperty(Exchange.CORRELATION_ID) == null
                        && name.equals(e.getMessage().getHeader(Exchange.FILE_NAME_ONLY)))
                .whenDone(1).create();
    }

    protected JsonNode awaitReport(NotifyBuilder done, String name) throws IOException {
        assertThat(done.matches(3, TimeUnit.MINUTES)).as("file " + name + " processed").isTrue();
        // the file is moved when its exchange completes, just after the report is written
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(DATA.resolve("inbox").resolve(name)));
        return latestReport(name);
    }

    /** Waits until the latest run of {@code name} has ended (its report is no longer RUNNING) and returns its report. */
    protected static JsonNode awaitFinishedReport(String name, Duration atMost) {
        JsonNode[] report = new JsonNode[1];
        Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> {
            try {
                report[0] = latestReport(name);
                return !"RUNNING".equals(report[0].path("status").asText());
            } catch (AssertionError notYet) {
                return false;
            }
        });
        return report[0];
    }

    /** The report of the latest run of the file {@code name}, whatever name its outputs got (name, name~2, shortened). */
    protected static JsonNode latestReport(String name) throws IOException {
        try (var files = Files.list(DATA.resolve("reports"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".report.json")).map(p -> {
                try {
                    return JSON.readTree(p.toFile());
                } catch (IOException e) {
                    return JSON.createObjectNode();
                }
            }).filter(r -> name.equals(r.path("source").asText()))
                    .max(java.util.Comparator.comparing((JsonNode r) -> r.path("startedAt").asText()))
                    .orElseThrow(() -> new AssertionError("no report for " + name));
        }
    }

    protected JsonNode dropAndAwaitReport(String name, String content) throws IOException {
        return dropAndAwaitReport(name, content.getBytes(StandardCharsets.UTF_8));
    }

    protected static JsonNode report(String name) throws IOException {
        return JSON.readTree(DATA.resolve("reports").resolve(name + ".report.json").toFile());
    }

    protected static List<JsonNode> deadLetters(String name) throws IOException {
        Path file = DATA.resolve("dead-letter").resolve(name + ".dead-letter.jsonl");
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(l -> {
            try {
                return JSON.readTree(l);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    protected static String pkeyOf(String email) {
        for (JsonNode p : sandbox("GET", "/sandbox/profiles", "")) {
            if (p.path("email").asText().equals(email)) {
                return p.path("PKey").asText();
            }
        }
        throw new IllegalArgumentException(email);
    }
}
