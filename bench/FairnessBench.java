import java.io.IOException;
import java.io.InputStream;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Every source goes on while others run (bash bench/fairness.sh): 20 files of 2,000 pkey records dropped at once at
 * 300 requests/s, then a JMS record sent once all of them run. Prints the longest time any running file went without
 * a new outcome (its report, rewritten every 500 ms here) and the JMS record's latency (sent → applied at the
 * sandbox). A single-file JDK program like Benchmark.java; the JMS message is sent by JmsSend.java, run with the
 * Artemis client the service's jar carries.
 */
public class FairnessBench {
    static final String JAR = "target/acs-orgunit-sync-0.1.0-SNAPSHOT.jar";
    static final String CONSOLE_PASSWORD = "bench-" + System.nanoTime();
    static final String PRODUCER_PASSWORD = "producer-" + System.nanoTime();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        int files = 20;
        int records = 2000;
        int rate = 300;
        Path work = Files.createTempDirectory("acs-sync-fairness");
        Path lib = extractLibraries(work.resolve("lib"));
        int sandboxPort = freePort();
        int servicePort = freePort();
        int brokerPort = freePort();
        Process sandbox = new ProcessBuilder("java", "-Xmx2g", "-cp", JAR, "-Dloader.main=dev.acssync.sandbox.AcsSandbox",
                "org.springframework.boot.loader.launch.PropertiesLauncher", "--port=" + sandboxPort,
                "--synthetic-units=2", "--synthetic-profiles=" + records, "--threads=128")
                .redirectErrorStream(true).redirectOutput(work.resolve("sandbox.log").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::destroy));
        String sb = "http://127.0.0.1:" + sandboxPort;
        waitFor(sb + "/sandbox/stats", Duration.ofSeconds(60));
        ProcessBuilder serviceProcess = new ProcessBuilder("java", "-Xmx256m", "-jar", JAR, "--acs.sandbox.enabled=false",
                "--acs.base-url=" + sb + "/sandbox-org/campaign/", "--acs.ims.token-url=" + sb + "/ims/token/v3",
                "--sync.data-dir=" + work.resolve("data"), "--server.port=" + servicePort,
                "--sync.jms.embedded-broker-url=tcp://127.0.0.1:" + brokerPort,
                "--acs.rate-limit.requests-per-second=" + rate, "--sync.report.progress-interval-ms=500",
                "--logging.level.root=WARN");
        serviceProcess.environment().put("SYNC_CONSOLE_PASSWORD", CONSOLE_PASSWORD);
        serviceProcess.environment().put("SYNC_JMS_PRODUCER_PASSWORD", PRODUCER_PASSWORD);
        for (String login : List.of("SYNC_CONSOLE_VIEWER_PASSWORD", "SYNC_JMS_SUBSCRIBER_PASSWORD", "SYNC_JMS_ADMIN_PASSWORD")) {
            serviceProcess.environment().put(login, "");
        }
        Process service = serviceProcess.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("service.log").toFile())).start();
        Runtime.getRuntime().addShutdownHook(new Thread(service::destroy));
        waitFor("http://127.0.0.1:" + servicePort + "/actuator/health", Duration.ofSeconds(120));

        Path inbox = work.resolve("data").resolve("inbox");
        Path reports = work.resolve("data").resolve("reports");
        for (int f = 0; f < files; f++) {
            StringBuilder csv = new StringBuilder("pkey,orgUnit\n");
            for (int i = 1; i <= records; i++) {
                String email = String.format(Locale.ROOT, "user%07d@synthetic.example", i);
                csv.append('@').append(Base64.getUrlEncoder().withoutPadding().encodeToString(("profile/" + email)
                        .getBytes(StandardCharsets.UTF_8))).append(f % 2 == 0 ? ",unit-00001\n" : ",unit-00002\n");
            }
            Files.writeString(work.resolve("f" + f + ".tmp"), csv);
        }
        Instant dropped = Instant.now();
        for (int f = 0; f < files; f++) {
            Files.move(work.resolve("f" + f + ".tmp"), inbox.resolve("file-" + f + ".csv"));
        }
        long[] last = new long[files];
        Instant[] lastChange = new Instant[files];
        boolean[] done = new boolean[files];
        long longestPauseMs = 0;
        Instant jmsSent = null;
        Duration jmsLatency = null;
        long polls = 0;
        while (true) {
            int finished = 0;
            int running = 0;
            for (int f = 0; f < files; f++) {
                Path report = reports.resolve("file-" + f + ".csv.report.json");
                if (done[f] || !Files.exists(report)) {
                    finished += done[f] ? 1 : 0;
                    continue;
                }
                String json;
                try {
                    json = Files.readString(report);
                } catch (IOException beingReplaced) {
                    continue;
                }
                Instant now = Instant.now();
                if (!json.contains("\"RUNNING\"")) {
                    done[f] = true;
                    finished++;
                    continue;
                }
                running++;
                Matcher m = Pattern.compile("\"progress\"\\s*:\\s*\\{\\s*\"records\"\\s*:\\s*(\\d+)").matcher(json);
                long records0 = m.find() ? Long.parseLong(m.group(1)) : 0;
                if (lastChange[f] == null || records0 > last[f]) {
                    last[f] = records0;
                    lastChange[f] = now;
                }
                longestPauseMs = Math.max(longestPauseMs, Duration.between(lastChange[f], now).toMillis());
            }
            if (jmsSent == null && running == files && !Boolean.getBoolean("noJms")) {
                // a profile none of the files names; timed from the moment the sender (a JVM of its own) has sent it
                send(lib, brokerPort, "{\"email\":\"alice.martin@example.com\",\"orgUnit\":\"unit-00002\"}");
                jmsSent = Instant.now();
            }
            // (the sandbox's profile list is large: looked at twice a second)
            if (jmsSent != null && jmsLatency == null && ++polls % 5 == 0 && jmsApplied(sb)) {
                jmsLatency = Duration.between(jmsSent, Instant.now());
            }
            if (finished == files) {
                break;
            }
            Thread.sleep(100);
        }
        double seconds = Duration.between(dropped, Instant.now()).toMillis() / 1000.0;
        String stats = get(sb + "/sandbox/stats");
        Matcher max = Pattern.compile("\"maxCampaignRequestsInOneSecond\"\\s*:\\s*(\\d+)").matcher(stats);
        System.out.printf(Locale.ROOT, "%n%d files of %d pkey records at %d requests/s: all done in %.1f s%n", files, records, rate, seconds);
        System.out.printf(Locale.ROOT, "longest time a running file went without a new outcome: %.1f s (reports rewritten every 0.5 s)%n",
                longestPauseMs / 1000.0);
        System.out.printf(Locale.ROOT, "a JMS record sent once all %d files ran: applied after %s%n", files,
                jmsLatency == null ? "(not seen)" : String.format(Locale.ROOT, "%.1f s", jmsLatency.toMillis() / 1000.0));
        System.out.printf(Locale.ROOT, "most requests the sandbox counted in one second: %s (limit %d)%n", max.find() ? max.group(1) : "?", rate);
        service.destroy();
        sandbox.destroy();
    }

    /** The JMS record's profile (alice, one of the sandbox's own, in no file) is in unit-00002. */
    static boolean jmsApplied(String sb) throws Exception {
        for (String profile : get(sb + "/sandbox/profiles").split("\\}\\s*,\\s*\\{")) {
            if (profile.contains("\"alice.martin@example.com\"")) {
                return profile.matches("(?s).*\"orgUnit\"\\s*:\\s*\"unit-00002\".*");
            }
        }
        return false;
    }

    static void send(Path lib, int brokerPort, String body) throws Exception {
        Process p = new ProcessBuilder("java", "-cp", lib + "/*", "bench/JmsSend.java", "tcp://127.0.0.1:" + brokerPort,
                "producer", PRODUCER_PASSWORD, "orgunit.assignments", body).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("JmsSend failed");
        }
    }

    /** The service jar's libraries, for JmsSend.java (the Artemis client and Jakarta JMS). */
    static Path extractLibraries(Path to) throws IOException {
        Files.createDirectories(to);
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(Path.of(JAR)))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                String name = e.getName();
                if (name.startsWith("BOOT-INF/lib/") && name.endsWith(".jar")
                        && (name.contains("artemis") || name.contains("jakarta.jms") || name.contains("netty")
                        || name.contains("commons-") || name.contains("slf4j") || name.contains("jctools")
                        || name.contains("HdrHistogram"))) {
                    Files.copy(zip, to.resolve(name.substring("BOOT-INF/lib/".length())));
                }
            }
        }
        return to;
    }

    static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static void waitFor(String url, Duration max) throws Exception {
        Instant end = Instant.now().plus(max);
        while (Instant.now().isBefore(end)) {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Basic "
                        + Base64.getEncoder().encodeToString(("admin:" + CONSOLE_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(url + " not ready after " + max);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
