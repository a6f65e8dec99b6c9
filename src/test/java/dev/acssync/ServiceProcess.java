package dev.acssync;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // C1 only and the serial collector: a test service starts a third sooner on two cores (11.5 s -> 7.6 s
                // measured) and these tests wait on ACS far more than they compute
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "dev.acssync.Application",
                "--acs.sandbox.enabled=false",
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
