import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * Several instances on one machine, each part in a JVM of its own on loopback (run with bench/cluster.sh): a real
 * Artemis broker (the distribution's own `artemis create`/`run`), the ACS sandbox, and three service instances
 * (-Xmx256m, profile 'cluster', one shared data folder). A file of pkey records is dropped into the shared inbox and
 * JMS messages are sent to the queue; once a third of the PATCHes are done the leader (the instance polling the
 * inbox) is killed with SIGKILL. Checked and printed: every record's profile ends in its unit (at the sandbox), the
 * file's report counts each record once, a new leader took over within 30 s and finished the file from its
 * checkpoint, and the sandbox never counted more ACS requests in one second than the rate limit (10, the default).
 * Exit status 1 when a check fails.
 */
public class ClusterBench {
    static final String JAR = "target/acs-orgunit-sync-0.1.0-SNAPSHOT.jar";
    static final Path ARTEMIS = Path.of("target/artemis/apache-artemis-2.40.0/bin/artemis");
    static final int UNITS = 20;
    static final int RATE = 10;
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final List<Process> PROCESSES = Collections.synchronizedList(new ArrayList<>());

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("file-records", "300", "jms-messages", "100", "instances", "3",
                "second-file-records", "200"));
        for (String arg : args) {
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        int fileRecords = Integer.parseInt(options.get("file-records"));
        int jmsMessages = Integer.parseInt(options.get("jms-messages"));
        int instances = Integer.parseInt(options.get("instances"));
        int secondFileRecords = Integer.parseInt(options.get("second-file-records"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> PROCESSES.forEach(Process::destroyForcibly)));

        Path work = Path.of("target/cluster-bench").toAbsolutePath();
        deleteTree(work);
        Path shared = work.resolve("shared");
        Files.createDirectories(shared.resolve("inbox"));

        // the broker: Artemis' own distribution, one login for the service
        String brokerPassword = UUID.randomUUID().toString();
        int brokerPort = freePort();
        exec(work.resolve("broker-create.log"), ARTEMIS.toString(), "create", work.resolve("broker").toString(), "--silent",
                "--require-login", "--user", "service", "--password", brokerPassword, "--host", "127.0.0.1",
                "--default-port", String.valueOf(brokerPort), "--java-memory", "512M", "--no-web", "--no-autotune",
                "--no-amqp-acceptor", "--no-mqtt-acceptor", "--no-stomp-acceptor", "--no-hornetq-acceptor",
                "--queues", "orgunit.assignments:anycast,orgunit.assignments.DLQ:anycast",
                "--addresses", "orgunit.assignments.outcomes:multicast");
        start(work.resolve("broker.log"), Map.of(), work.resolve("broker/bin/artemis").toString(), "run");
        waitForPort(brokerPort, Duration.ofSeconds(60));

        // the sandbox: every profile starts in the root unit
        int sandboxPort = freePort();
        start(work.resolve("sandbox.log"), Map.of(), "java", "-Xmx512m", "-cp", JAR,
                "-Dloader.main=dev.acssync.sandbox.AcsSandbox", "org.springframework.boot.loader.launch.PropertiesLauncher",
                "--port=" + sandboxPort, "--synthetic-units=" + UNITS, "--synthetic-profiles=" + (fileRecords + jmsMessages + secondFileRecords));
        String sb = "http://127.0.0.1:" + sandboxPort;
        waitFor(sb + "/sandbox/stats", Duration.ofSeconds(60));

        // the instances
        int hazelcastPort = freePort();
        List<String> members = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            members.add("127.0.0.1:" + (hazelcastPort + i));
        }
        String brokerUrl = "tcp://127.0.0.1:" + brokerPort + "?consumerWindowSize=0";
        Map<String, String> env = Map.of("ACS_CLIENT_SECRET", "sandbox-secret", "SPRING_ARTEMIS_USER", "service",
                "SPRING_ARTEMIS_PASSWORD", brokerPassword, "SYNC_CONSOLE_PASSWORD", UUID.randomUUID().toString(),
                "SYNC_CONSOLE_VIEWER_PASSWORD", UUID.randomUUID().toString(), "SYNC_DATA_DIR", shared.toString(),
                "SYNC_JMS_BROKER_URL", brokerUrl, "SYNC_CLUSTER_MEMBERS", String.join(",", members));
        List<Instance> cluster = new ArrayList<>();
        long launched = System.nanoTime();
        for (int i = 0; i < instances; i++) {
            cluster.add(startInstance(work, env, sb, i + 1, hazelcastPort + i, "instance-" + (i + 1) + ".log"));
        }
        for (Instance instance : cluster) {
            waitFor("http://127.0.0.1:" + instance.port + "/actuator/health/readiness", Duration.ofSeconds(240));
        }
        double startSeconds = (System.nanoTime() - launched) / 1e9;
        Instance leader = awaitLeader(cluster, null, Duration.ofSeconds(60));
        post(sb + "/sandbox/reset", "");

        // the work: a file into the shared inbox, and JMS messages (one record each)
        Map<String, String> expected = new HashMap<>();
        StringBuilder csv = new StringBuilder("pkey,orgUnit\n");
        for (int i = 1; i <= fileRecords; i++) {
            String unit = unit(i);
            csv.append(pkey(i)).append(',').append(unit).append('\n');
            expected.put(pkey(i), unit);
        }
        long began = System.nanoTime();
        Path staging = work.resolve("cluster.csv");
        Files.writeString(staging, csv);
        Files.move(staging, shared.resolve("inbox/cluster.csv"));
        ActiveMQConnectionFactory broker = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort, "service", brokerPassword);
        try (Connection connection = broker.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("orgunit.assignments"));
            for (int i = fileRecords + 1; i <= fileRecords + jmsMessages; i++) {
                producer.send(session.createTextMessage("{\"pkey\":\"" + pkey(i) + "\",\"orgUnit\":\"" + unit(i) + "\"}"));
                expected.put(pkey(i), unit(i));
            }
        }

        // kill -9 of the leader once a third of the records are PATCHed
        while (patches(sb) < expected.size() / 3) {
            Thread.sleep(100);
        }
        long patchesAtKill = patches(sb);
        leader.process.destroyForcibly().waitFor();
        long killedAt = System.nanoTime();
        System.out.printf(Locale.ROOT, "killed the leader (instance %d) with SIGKILL after %d PATCHes%n", leader.number, patchesAtKill);
        Instance next = awaitLeader(cluster, leader, Duration.ofSeconds(120));
        double takeoverSeconds = (System.nanoTime() - killedAt) / 1e9;
        // as an orchestrator would, the killed instance is started again (it rejoins as a standby)
        Instance restarted = startInstance(work, env, sb, leader.number, hazelcastPort + leader.number - 1,
                "instance-" + leader.number + "-restarted.log");
        cluster.add(restarted);

        // every record's profile in its unit, and the file's run ended
        long deadline = System.nanoTime() + Duration.ofMinutes(6).toNanos();
        int done = 0;
        while (System.nanoTime() < deadline && (done = inTheirUnits(sb, expected)) < expected.size()) {
            Thread.sleep(1000);
        }
        Path report = shared.resolve("reports/cluster.csv.report.json");
        while (System.nanoTime() < deadline && (!Files.exists(report) || Files.readString(report).contains("\"RUNNING\""))) {
            Thread.sleep(200);
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        JsonNode stats = JSON.readTree(get(sb + "/sandbox/stats"));
        JsonNode runReport = Files.exists(report) ? JSON.readTree(report.toFile()) : JSON.createObjectNode();
        long deadLetters;
        // (counted again at the end, with the broker's own DLQ)
        try (Connection connection = broker.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            connection.start();
            try (QueueBrowser browser = session.createBrowser(session.createQueue("orgunit.assignments.DLQ"))) {
                deadLetters = Collections.list(browser.getEnumeration()).size();
            }
        }

        // a second file, and the new leader stopped gracefully (SIGTERM) mid-file: the third instance finishes it
        Map<String, String> second = new HashMap<>();
        StringBuilder csv2 = new StringBuilder("pkey,orgUnit\n");
        for (int i = fileRecords + jmsMessages + 1; i <= fileRecords + jmsMessages + secondFileRecords; i++) {
            csv2.append(pkey(i)).append(',').append(unit(i)).append('\n');
            second.put(pkey(i), unit(i));
        }
        waitFor("http://127.0.0.1:" + restarted.port + "/actuator/health/readiness", Duration.ofSeconds(240));
        long patchesBefore = patches(sb);
        Files.writeString(staging, csv2);
        Files.move(staging, shared.resolve("inbox/cluster-2.csv"));
        while (patches(sb) < patchesBefore + secondFileRecords / 3) {
            Thread.sleep(100);
        }
        next.process.destroy();
        long stoppedAt = System.nanoTime();
        next.process.waitFor();
        double stopSeconds = (System.nanoTime() - stoppedAt) / 1e9;
        Instance third = awaitLeader(cluster, null, Duration.ofSeconds(120));
        System.out.printf(Locale.ROOT, "stopped the new leader (instance %d) with SIGTERM mid-file: it stopped in %.1f s; instance %d leads%n",
                next.number, stopSeconds, third.number);
        Path report2 = shared.resolve("reports/cluster-2.csv.report.json");
        int done2 = 0;
        long deadline2 = System.nanoTime() + Duration.ofMinutes(6).toNanos();
        while (System.nanoTime() < deadline2 && ((done2 = inTheirUnits(sb, second)) < second.size()
                || !Files.exists(report2) || Files.readString(report2).contains("\"RUNNING\""))) {
            Thread.sleep(500);
        }
        JsonNode secondReport = Files.exists(report2) ? JSON.readTree(report2.toFile()) : JSON.createObjectNode();
        stats = JSON.readTree(get(sb + "/sandbox/stats"));
        try (Connection connection = broker.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            connection.start();
            // the broker's own dead-letter address too (messages past their delivery limit)
            try (QueueBrowser browser = session.createBrowser(session.createQueue("DLQ"))) {
                deadLetters += Collections.list(browser.getEnumeration()).size();
            }
        }

        long maxInOneSecond = stats.path("maxCampaignRequestsInOneSecond").asLong();
        long totalPatches = stats.path("requests").path("PATCH profile 200").asLong();
        List<Long> perSecond = new ArrayList<>();
        stats.path("campaignRequestsPerSecond").forEach(n -> perSecond.add(n.asLong()));
        Files.writeString(work.resolve("per-second.txt"), perSecond.toString());

        System.out.println();
        System.out.printf(Locale.ROOT, "acs-orgunit-sync cluster bench, %d cores: %d instances (-Xmx256m), Artemis broker, sandbox, "
                + "each in its own JVM; rate limit %d/s%n", Runtime.getRuntime().availableProcessors(), instances, RATE);
        System.out.printf(Locale.ROOT, "start-up of the instances (all ready):      %.1f s%n", startSeconds);
        System.out.printf(Locale.ROOT, "records: %d in a file (pkey) + %d JMS messages; in their unit at the end: %d%n",
                fileRecords, jmsMessages, done);
        System.out.printf(Locale.ROOT, "wall time: %.1f s, %.2f records/s (the limit allows %d ACS calls/s, one call a record)%n",
                seconds, expected.size() / seconds, RATE);
        System.out.printf(Locale.ROOT, "leader killed after %d PATCHes; instance %d leader %.1f s later%n",
                patchesAtKill, next.number, takeoverSeconds);
        System.out.printf(Locale.ROOT, "file report: status %s, records %s, updated %s, unchanged %s, dead letters %s; "
                + "resumed by the new leader with %s records already final%n",
                runReport.path("status").asText(), runReport.path("records").asText(), runReport.path("updated").asText(),
                runReport.path("unchanged").asText(), runReport.path("deadLettered").asText(),
                runReport.path("resumed").path("recordsBefore").asText("no"));
        System.out.printf(Locale.ROOT, "second file (leader stopped by SIGTERM): status %s, records %s, updated %s, unchanged %s, "
                + "dead letters %s, resumed with %s records final; in their unit: %d of %d%n",
                secondReport.path("status").asText(), secondReport.path("records").asText(), secondReport.path("updated").asText(),
                secondReport.path("unchanged").asText(), secondReport.path("deadLettered").asText(),
                secondReport.path("resumed").path("recordsBefore").asText("no"), done2, second.size());
        System.out.printf(Locale.ROOT, "PATCHes: %d for %d records (%d repeated: records in flight on the stopped instances)%n",
                totalPatches, expected.size() + second.size(), totalPatches - expected.size() - second.size());
        System.out.printf(Locale.ROOT, "ACS requests in any second (sandbox): max %d, over %d seconds%n", maxInOneSecond, perSecond.size());
        System.out.printf(Locale.ROOT, "JMS dead-letter queues (orgunit.assignments.DLQ, DLQ): %d messages%n", deadLetters);

        List<String> failures = new ArrayList<>();
        check(failures, done == expected.size(), "every record's profile in its unit");
        check(failures, maxInOneSecond <= RATE, "never more than " + RATE + " ACS requests in one second");
        check(failures, takeoverSeconds <= 30, "a new leader within 30 s");
        check(failures, runReport.path("status").asText().equals("COMPLETED")
                && runReport.path("records").asLong() == fileRecords
                && runReport.path("updated").asLong() + runReport.path("unchanged").asLong()
                   + runReport.path("deadLettered").asLong() == fileRecords, "the file's report counts each record once");
        check(failures, runReport.path("resumed").path("recordsBefore").asLong() > 0, "the new leader went on from the checkpoint");
        check(failures, Files.exists(shared.resolve("processed/cluster.csv")), "the file moved to processed/");
        check(failures, deadLetters == 0, "no dead letter");
        check(failures, done2 == second.size(), "every record of the second file in its unit");
        check(failures, secondReport.path("status").asText().equals("COMPLETED")
                && secondReport.path("records").asLong() == secondFileRecords
                && secondReport.path("updated").asLong() + secondReport.path("unchanged").asLong()
                   + secondReport.path("deadLettered").asLong() == secondFileRecords,
                "the second file's report counts each record once after the SIGTERM");
        check(failures, Files.exists(shared.resolve("processed/cluster-2.csv")) && !Files.exists(shared.resolve("failed/cluster-2.csv")),
                "the second file moved to processed/, not failed/");
        PROCESSES.forEach(p -> p.destroy());
        if (!failures.isEmpty()) {
            System.out.println("FAILED: " + String.join("; ", failures) + " (logs in " + work + ")");
            System.exit(1);
        }
        System.out.println("all checks passed");
        System.exit(0);
    }

    record Instance(int number, Process process, int port, Path log) {
    }

    static Instance startInstance(Path work, Map<String, String> env, String sb, int number, int hazelcastPort, String logName)
            throws IOException {
        int port = freePort();
        Path log = work.resolve(logName);
        Process p = start(log, env, "java", "-Xmx256m", "-jar", JAR, "--spring.profiles.active=cluster",
                "--server.port=" + port, "--sync.cluster.port=" + hazelcastPort,
                "--acs.base-url=" + sb + "/sandbox-org/campaign/", "--acs.ims.token-url=" + sb + "/ims/token/v3");
        return new Instance(number, p, port, log);
    }

    /** The instance (other than {@code not}) whose log says it took the intake lock, waiting for one. */
    static Instance awaitLeader(List<Instance> cluster, Instance not, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Instance instance : cluster) {
                if (instance != not && instance.process.isAlive()
                        && Files.readString(instance.log, StandardCharsets.ISO_8859_1).matches("(?s).*Lock on file \\S+intake acquired.*")) {
                    return instance;
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("no leader within " + timeout);
    }

    static String pkey(int i) {
        String email = String.format(Locale.ROOT, "user%07d@synthetic.example", i);
        return "@" + Base64.getUrlEncoder().withoutPadding().encodeToString(("profile/" + email).getBytes(StandardCharsets.UTF_8));
    }

    static String unit(int i) {
        return String.format(Locale.ROOT, "unit-%05d", 1 + i % UNITS);
    }

    static int inTheirUnits(String sb, Map<String, String> expected) throws Exception {
        int n = 0;
        for (JsonNode profile : JSON.readTree(get(sb + "/sandbox/profiles"))) {
            if (profile.path("orgUnit").asText().equals(expected.get(profile.path("PKey").asText()))) {
                n++;
            }
        }
        return n;
    }

    static long patches(String sb) throws Exception {
        return JSON.readTree(get(sb + "/sandbox/stats")).path("requests").path("PATCH profile 200").asLong();
    }

    static void check(List<String> failures, boolean ok, String what) {
        System.out.println((ok ? "ok   " : "FAIL ") + what);
        if (!ok) {
            failures.add(what);
        }
    }

    static Process start(Path log, Map<String, String> env, String... command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        Process process = builder.start();
        PROCESSES.add(process);
        return process;
    }

    static void exec(Path log, String... command) throws Exception {
        Process p = start(log, Map.of(), command);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: see " + log);
        }
    }

    static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static void post(String url, String body) throws Exception {
        HTTP.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    static void waitFor(String url, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(url + " not ready within " + timeout);
    }

    static void waitForPort(int port, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(500);
            }
        }
        throw new IllegalStateException("port " + port + " not open within " + timeout);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> paths = Files.walk(root)) {
                paths.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
