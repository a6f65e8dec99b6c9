package dev.acssync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acssync.sandbox.AcsSandbox;
import dev.acssync.sandbox.SandboxSettings;
import java.io.IOException;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hung leader loses the folder (docs/scale-out.md, "a hung leader"): three instances in cluster mode share a data
 * folder (the file lock elects the leader) and a sandbox; an orchestrator stand-in probes each one's liveness as
 * Kubernetes does (every second, a 2 s time-out, three failures, once it has started) and kills the one that
 * fails (SIGKILL: Kubernetes' SIGTERM first is left out, a frozen process ignores it until the grace period's SIGKILL;
 * a graceful stop with calls that never end is RestartIT's), then starts it again. A leader frozen mid-file (SIGSTOP) answers no probe; a leader alive but stuck (a write that never returns)
 * answers DOWN once its intake has made no progress for sync.liveness.stall-timeout (10 s here, the point of the test;
 * 10 minutes as shipped). Either way another instance finishes the file from its checkpoint, each record counted once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HungLeaderIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final int RECORDS = 60;

    private static AcsSandbox sandbox;
    private static Path data;
    private static Path logs;
    private static List<String> clusterArgs;
    private static final List<Instance> instances = new CopyOnWriteArrayList<>();
    private static Orchestrator orchestrator;

    /** One instance: its process (replaced when the orchestrator restarts it), its log, its name. */
    static final class Instance {
        final String name;
        final List<String> args;
        volatile ServiceProcess service;
        volatile Path log;
        volatile int restarts;
        /** Live once: only then is it probed (Kubernetes' startup probe; Spring answers 503 while Camel starts). */
        volatile boolean started;

        Instance(String name, List<String> args) {
            this.name = name;
            this.args = args;
        }

        void start() throws IOException {
            started = false;
            log = logs.resolve(name + "-" + restarts + ".log");
            service = ServiceProcess.start(sandbox.port(), data, log, args, Map.of());
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                    .until(() -> !service.process.isAlive() || service.get("/actuator/health/liveness", false).statusCode() == 200);
            started = true;
        }

        boolean leads() throws IOException {
            return service.process.isAlive() && Files.exists(log)
                    && Files.readString(log, StandardCharsets.ISO_8859_1).matches("(?s).*Lock on file \\S+intake acquired.*");
        }
    }

    @BeforeAll
    static void threeInstancesAndTheirOrchestrator() throws Exception {
        sandbox = new AcsSandbox(SandboxSettings.fromArgs(new String[] {"--port=" + ServiceProcess.freePort(),
                "--synthetic-profiles=" + (2 * RECORDS), "--synthetic-units=2", "--latency-ms=30"}));
        sandbox.start();
        // should this JVM end before @AfterAll (a failed start, a killed build), the instances end with it
        Runtime.getRuntime().addShutdownHook(new Thread(HungLeaderIT::killInstances));
        data = Files.createTempDirectory("acs-sync-hung-leader");
        logs = Files.createTempDirectory("acs-sync-hung-leader-logs");
        Files.createDirectories(data.resolve("inbox"));
        List<Integer> ports = List.of(ServiceProcess.freePort(), ServiceProcess.freePort(), ServiceProcess.freePort());
        String members = String.join(",", ports.stream().map(p -> "127.0.0.1:" + p).toList());
        // the shipped cluster profile (quorum 2 of 3, the file lock, 10 requests/s); the JMS source is not the point
        clusterArgs = List.of("--spring.profiles.active=cluster", "--sync.jms.enabled=false", "--sync.cluster.members=" + members,
                "--sync.liveness.stall-timeout=PT10S");
        List<CompletableFuture<Void>> starting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            List<String> args = new ArrayList<>(clusterArgs);
            args.add("--sync.cluster.port=" + ports.get(i));
            Instance instance = new Instance("instance-" + (i + 1), args);
            instances.add(instance);
            starting.add(CompletableFuture.runAsync(() -> {
                try {
                    instance.start();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
        CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).get(180, TimeUnit.SECONDS);
        orchestrator = new Orchestrator();
    }

    @AfterAll
    static void stopAll() throws InterruptedException {
        if (orchestrator != null) {
            orchestrator.stop();
        }
        killInstances();
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static void killInstances() {
        instances.stream().filter(i -> i.service != null).forEach(i -> i.service.close());
    }

    @Test
    @Order(1)
    void aLeaderFrozenMidFileIsKilledByItsFailedProbesAndAnotherFinishesTheFile() throws Exception {
        Instance leader = awaitLeader(null);
        String name = "frozen-" + System.nanoTime() + ".csv";
        drop(name, 0, false);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> patches() >= 20);

        Instant frozen = Instant.now();
        signal(leader.service.process, "STOP");
        long patchedBeforeFreeze = patches();
        JsonNode report = awaitReport(name);
        Duration finished = Duration.between(frozen, Instant.now());

        assertThat(orchestrator.killed).as("the frozen leader failed its probes").contains(leader.name);
        assertThat(report.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(report.path("records").asInt()).as("each record counted once").isEqualTo(RECORDS);
        assertThat(report.path("updated").asInt()).isEqualTo(RECORDS);
        assertThat(report.path("resumed").path("recordsBefore").asLong()).as("from the frozen leader's checkpoint").isPositive();
        assertThat(profilesIn("unit-00001")).isEqualTo(RECORDS);
        // the records left, plus those in flight when it froze (acs.concurrency = 16)
        assertThat(patches() - patchedBeforeFreeze).isLessThanOrEqualTo(RECORDS - patchedBeforeFreeze + 16);
        assertThat(Files.exists(data.resolve("processed").resolve(name))).isTrue();
        System.out.printf("a frozen leader: killed %s after the freeze, the file finished %s after it%n",
                Duration.between(frozen, orchestrator.killedAt.get(leader.name)), finished);
    }

    @Test
    @Order(2)
    void aLeaderStuckInAWriteSaysSoInItsLivenessIsKilledAndAnotherFinishesTheFile() throws Exception {
        // the instance killed before comes back meanwhile, a follower: two members stay when this leader goes, the
        // quorum (2), so this one need not start again
        orchestrator.restartKilled = false;
        Instance leader = awaitLeader(null);
        String name = "stuck-" + System.nanoTime() + ".csv";
        // its first record is a dead letter, whose file is a pipe nobody reads: the write never returns
        Path deadLetters = Files.createDirectories(data.resolve("dead-letter"));
        Path pipe = deadLetters.resolve(name + ".dead-letter.jsonl");
        assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor()).isZero();
        int killsBefore = orchestrator.killed.size();
        Instant dropped = Instant.now();
        drop(name, RECORDS, true);

        Awaitility.await("the stuck leader fails its probes").atMost(Duration.ofSeconds(90))
                .until(() -> orchestrator.killed.subList(killsBefore, orchestrator.killed.size()).contains(leader.name));
        assertThat(orchestrator.lastDown.get(leader.name)).as("its liveness said why")
                .contains("intakeProgress", "no progress", name);
        // what hung was that process's: the next leader writes a plain file
        Files.delete(pipe);

        JsonNode report = awaitReport(name);
        assertThat(report.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(report.path("records").asInt()).as("each record counted once").isEqualTo(RECORDS);
        assertThat(report.path("updated").asInt()).isEqualTo(RECORDS - 1);
        assertThat(report.path("deadLettered").asInt()).isEqualTo(1);
        assertThat(Files.readAllLines(pipe)).as("one dead letter, written once").hasSize(1);
        assertThat(profilesIn("unit-00002")).isEqualTo(RECORDS - 1);
        Instant killedAt = orchestrator.killedAt.get(leader.name);
        System.out.printf("a stuck leader: killed %s after its file was dropped, the file finished %s after the kill%n",
                Duration.between(dropped, killedAt), Duration.between(killedAt, Instant.now()));
    }

    // ------------------------------------------------------------------ the orchestrator stand-in

    /**
     * Probes /actuator/health/liveness of every instance every second (a 2 s time-out: a busy machine's JVM starts must
     * not pass for a hang); after three failures in a
     * row, kills it (SIGKILL: a stopped process ignores SIGTERM until it runs again) and starts it anew, as Kubernetes
     * does with a liveness probe of period 1 s, timeout 2 s, failure threshold 3.
     */
    static final class Orchestrator {
        final List<String> killed = new CopyOnWriteArrayList<>();
        final Map<String, Instant> killedAt = new ConcurrentHashMap<>();
        final Map<String, String> lastDown = new ConcurrentHashMap<>();
        final Map<String, Boolean> restarting = new ConcurrentHashMap<>();
        /** Whether a killed instance is started again (as Kubernetes does; off once the test needs no more members). */
        volatile boolean restartKilled = true;
        private final Map<String, Integer> failures = new ConcurrentHashMap<>();
        private final ScheduledExecutorService probes = Executors.newScheduledThreadPool(4);

        Orchestrator() {
            probes.scheduleWithFixedDelay(this::probeAll, 1, 1, TimeUnit.SECONDS);
        }

        private void probeAll() {
            for (Instance instance : instances) {
                if (restarting.containsKey(instance.name) || !instance.started || !instance.service.process.isAlive()) {
                    continue;
                }
                if (alive(instance)) {
                    failures.remove(instance.name);
                } else if (failures.merge(instance.name, 1, Integer::sum) >= 3) {
                    failures.remove(instance.name);
                    restarting.put(instance.name, true);
                    instance.service.process.destroyForcibly();
                    killedAt.put(instance.name, Instant.now());
                    killed.add(instance.name);
                    if (restartKilled) {
                        probes.execute(() -> restart(instance));
                    } else {
                        restarting.remove(instance.name);
                    }
                }
            }
        }

        private boolean alive(Instance instance) {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.service.port
                                + "/actuator/health/liveness")).timeout(Duration.ofSeconds(2))
                        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + ServiceProcess.CONSOLE_PASSWORD)
                                .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    lastDown.put(instance.name, r.body());
                    System.out.println(Instant.now() + " probe of " + instance.name + ": " + r.statusCode() + " " + r.body());
                }
                return r.statusCode() == 200;
            } catch (IOException e) {
                System.out.println(Instant.now() + " probe of " + instance.name + ": " + e);
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        }

        private void restart(Instance instance) {
            try {
                instance.service.process.waitFor(30, TimeUnit.SECONDS);
                instance.restarts++;
                instance.start();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                restarting.remove(instance.name);
            }
        }

        /** No more probes; a restart under way ends first (its process is then closed with the others). */
        void stop() throws InterruptedException {
            probes.shutdown();
            probes.awaitTermination(120, TimeUnit.SECONDS);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Instance awaitLeader(Instance not) {
        Instance[] found = new Instance[1];
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (Instance instance : instances) {
                if (instance != not && !orchestrator.restarting.containsKey(instance.name) && instance.leads()) {
                    found[0] = instance;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private static void signal(Process process, String signal) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).start().waitFor()).isZero();
    }

    /** RECORDS synthetic profiles from offset+1 into unit-00001 (offset 0) or unit-00002; the first one's unit unknown if asked. */
    private static void drop(String name, int offset, boolean firstIsBad) throws IOException {
        StringBuilder csv = new StringBuilder("pkey,orgUnit\n");
        for (int i = 1; i <= RECORDS; i++) {
            String email = String.format(Locale.ROOT, "user%07d@synthetic.example", i + offset);
            csv.append('@').append(Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("profile/" + email).getBytes(StandardCharsets.UTF_8)))
                    .append(firstIsBad && i == 1 ? ",no-such-unit\n" : offset == 0 ? ",unit-00001\n" : ",unit-00002\n");
        }
        Path staging = Files.writeString(data.resolve(name + ".tmp"), csv);
        Files.move(staging, data.resolve("inbox").resolve(name));
    }

    private static JsonNode awaitReport(String name) throws IOException {
        Path report = data.resolve("reports").resolve(name + ".report.json");
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> Files.exists(data.resolve("processed").resolve(name)) && Files.exists(report));
        return JSON.readTree(report.toFile());
    }

    private static long patches() throws Exception {
        return sandboxJson("/sandbox/stats").path("requests").path("PATCH profile 200").asLong(0);
    }

    private static long profilesIn(String unit) throws Exception {
        long n = 0;
        for (JsonNode p : sandboxJson("/sandbox/profiles")) {
            if (unit.equals(p.path("orgUnit").asText())) {
                n++;
            }
        }
        return n;
    }

    private static JsonNode sandboxJson(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }
}
