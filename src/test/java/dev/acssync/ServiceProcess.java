package dev.acssync;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * The service in a JVM of its own, as an operator runs it: against a sandbox elsewhere (so with the sandbox's demo
 * passwords refused), on its own ports and data folder. For what one JVM cannot show: a kill, a restart, a
 * configuration of its own. Secrets go in the environment, never on the command line.
 */
final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String CONSOLE_PASSWORD = "process-test-password";

    final int port;
    final Process process;

    private ServiceProcess(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    /**
     * Starts the service against the sandbox at {@code sandboxPort}, with {@code data} as its data folder; extra
     * {@code --name=value} arguments (replacing a default of the same name) and environment entries are added.
     * Returns once the web port answers.
     */
    static ServiceProcess start(int sandboxPort, Path data, List<String> args, Map<String, String> env) throws IOException {
        return start(sandboxPort, data, data.resolve("service.log"), args, env);
    }

    /** As above, its log written to {@code log} (a data folder on a small disk would fill with it). */
    static ServiceProcess start(int sandboxPort, Path data, Path log, List<String> args, Map<String, String> env) throws IOException {
        int port = freePort();
        String sandbox = "http://127.0.0.1:" + sandboxPort;
        List<String> command = new ArrayList<>(jvm());
        command.addAll(List.of("--acs.sandbox.enabled=false",
                "--acs.base-url=" + sandbox + "/sandbox-org/campaign/",
                "--acs.ims.token-url=" + sandbox + "/ims/token/v3",
                "--sync.data-dir=" + data,
                "--server.port=" + port,
                "--sync.jms.embedded-broker-url=tcp://127.0.0.1:" + freePort(),
                "--logging.level.root=WARN"));
        for (String arg : args) {
            String name = arg.substring(0, arg.indexOf('=') + 1);
            command.removeIf(given -> given.startsWith(name));
            command.add(arg);
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("SYNC_CONSOLE_PASSWORD", CONSOLE_PASSWORD);
        // the sandbox runs elsewhere, so its demo passwords are refused: no other logins
        for (String login : List.of("SYNC_CONSOLE_VIEWER_PASSWORD", "SYNC_JMS_PRODUCER_PASSWORD", "SYNC_JMS_SUBSCRIBER_PASSWORD",
                "SYNC_JMS_ADMIN_PASSWORD")) {
            builder.environment().put(login, "");
        }
        builder.environment().putAll(env);
        Process process = builder.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        ServiceProcess service = new ServiceProcess(port, process);
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> !process.isAlive() || service.answers());
        return service;
    }

    private static List<String> jvm;

    /**
     * Writes the class-data archive (when the build has packaged the service) in a thread of its own, so that the
     * first service started later finds it ready: the shared test service's tests mostly wait meanwhile.
     */
    static void prepareInBackground() {
        Thread preparing = new Thread(() -> {
            try {
                jvm();
            } catch (IOException | RuntimeException e) {
                // the first start tries again
            }
        }, "service-class-archive");
        preparing.setDaemon(true);
        preparing.start();
    }

    /**
     * The JVM and its options for a service. C1 only and the serial collector: a test service starts a third sooner
     * on two cores, and these tests wait on ACS far more than they compute. Once the build has packaged the service,
     * its classes come from its jar and a class-data archive of a first start is shared by the next ones (a start
     * 5.8 s -> 4.0 s measured): about twenty services start in mvn verify.
     */
    private static synchronized List<String> jvm() throws IOException {
        if (jvm == null) {
            List<String> options = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
            Optional<String> packaged = packagedClassPath();
            if (packaged.isPresent()) {
                Path archive = Path.of("target", "service-classes.jsa").toAbsolutePath();
                Path jar = Path.of(packaged.get().split(java.io.File.pathSeparator)[0]);
                if (!Files.exists(archive) || lastModified(archive) < lastModified(jar)) {
                    Files.deleteIfExists(archive);
                    writeClassArchive(options, packaged.get(), archive);
                }
                if (Files.exists(archive)) {
                    options.add("-XX:SharedArchiveFile=" + archive);
                }
            }
            options.addAll(List.of("-cp", packaged.orElse(System.getProperty("java.class.path")), "dev.acssync.Application"));
            jvm = List.copyOf(options);
        }
        return jvm;
    }

    /**
     * The packaged service's class path (its plain jar and the jars of the test class path), when the jar is newer than
     * every compiled class (an end-to-end test run from an IDE after an edit uses the classes as compiled).
     */
    private static Optional<String> packagedClassPath() throws IOException {
        Path classes = Path.of("target", "classes");
        Optional<Path> jar;
        try (Stream<Path> target = Files.list(Path.of("target"))) {
            jar = target.filter(p -> p.getFileName().toString().endsWith(".jar.original")).findFirst();
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        }
        if (jar.isEmpty() || !Files.isDirectory(classes)) {
            return Optional.empty();
        }
        long built = Files.getLastModifiedTime(jar.get()).toMillis();
        try (Stream<Path> compiled = Files.walk(classes)) {
            if (compiled.filter(Files::isRegularFile).anyMatch(p -> lastModified(p) > built)) {
                return Optional.empty();
            }
        }
        List<String> path = new ArrayList<>(List.of(jar.get().toAbsolutePath().toString()));
        Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(entry -> entry.endsWith(".jar")).forEach(path::add);
        return Optional.of(String.join(java.io.File.pathSeparator, path));
    }

    private static long lastModified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    /** A first start, stopped once it answers: the classes it loaded go to the archive as it exits. */
    private static void writeClassArchive(List<String> options, String classPath, Path archive) throws IOException {
        Path data = Files.createTempDirectory("acs-sync-class-archive");
        int port = freePort();
        List<String> command = new ArrayList<>(options);
        command.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-cp", classPath, "dev.acssync.Application",
                "--sync.data-dir=" + data, "--server.port=" + port, "--sync.jms.embedded-broker-url=tcp://127.0.0.1:" + freePort(),
                "--acs.sandbox.port=" + freePort(), "--logging.level.root=WARN"));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("SYNC_CONSOLE_PASSWORD", CONSOLE_PASSWORD);
        Process training = builder.redirectErrorStream(true).redirectOutput(data.resolve("service.log").toFile()).start();
        // a test JVM that ends meanwhile (a run of one test) takes it along
        Thread takeAlong = new Thread(training::destroyForcibly);
        Runtime.getRuntime().addShutdownHook(takeAlong);
        ServiceProcess service = new ServiceProcess(port, training);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> !training.isAlive() || service.answers());
            training.destroy();
            if (!training.waitFor(120, TimeUnit.SECONDS)) {
                training.destroyForcibly();
                Files.deleteIfExists(archive);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            training.destroyForcibly();
            Files.deleteIfExists(archive);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(takeAlong);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }

    private boolean answers() {
        try {
            get("/actuator/health/liveness", false);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A GET on the service's web port, with the operator's login or anonymously. */
    HttpResponse<String> get(String path, boolean login) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (login) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString(("admin:" + CONSOLE_PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** SIGTERM, as an orchestrator stops it; true when it ended within the time given. */
    boolean stop(Duration within) throws InterruptedException {
        process.destroy();
        return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** kill -9. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
