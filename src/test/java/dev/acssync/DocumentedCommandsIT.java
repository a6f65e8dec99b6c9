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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every {@code bash} block in the README and docs/ runs as written, against the service started as a user starts
 * it: the default configuration (the embedded sandbox, its demo logins, ports 8080, 8089 and 61616), from a folder
 * holding config/, routes/ and examples/. Each line runs in bash; a line that fails is run again for up to 30 s (a
 * user waits for a report to appear); then the block's output must show what the docs say it shows. A block that
 * cannot run here (a real SFTP server, a second process on a default port) is marked {@code shell} instead.
 */
class DocumentedCommandsIT {
    /** What each block's output must contain (regular expressions), by "file#block number". */
    private static final Map<String, List<String>> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("README.md#1", List.of("\"updated\"\\s*:\\s*5", "\"deadLettered\"\\s*:\\s*4", "UNKNOWN_ORG_UNIT",
                "\"name\"\\s*:\\s*\"brand4\"", "\"email\"\\s*:\\s*\"alice.martin@example.com\""));
        EXPECTED.put("docs/operations.md#1", List.of("\"value\":35", "\"status\":200"));
        EXPECTED.put("docs/sandbox.md#1", List.of("\"share503\":0.2", "\"reset\":true"));
        EXPECTED.put("docs/security.md#1", List.of("\"status\":200"));
        EXPECTED.put("docs/sources.md#1", List.of("PROFILE_NOT_FOUND", "no profile with email 'nobody@example.com'"));
        EXPECTED.put("docs/sources.md#2", List.of("\"value\":[1-9]", "\"status\":200"));
    }

    private static final Pattern BASH_BLOCK = Pattern.compile("(?ms)^```bash\\n(.*?)^```");
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Pattern READS_ONLY = Pattern.compile("^(cat |ls |artemis browser |curl -s (?!.*(-d|-X)))");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path home;
    private static Process service;

    @BeforeAll
    static void startTheServiceAsAUserDoes() throws Exception {
        for (int port : new int[] {8080, 8089, 61616}) {
            try (ServerSocket probe = new ServerSocket(port)) {
                probe.setReuseAddress(true);
            } catch (IOException busy) {
                fail("Port " + port + " is in use: the documented commands use the default ports (stop a running service)");
            }
        }
        for (String folder : List.of("config", "routes", "examples")) {
            FileSystemUtils.copyRecursively(Path.of(folder), home.resolve(folder));
        }
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-cp", System.getProperty("java.class.path"), "dev.acssync.Application").directory(home.toFile());
        // the default configuration, not the developer's environment
        builder.environment().keySet().removeIf(name -> name.startsWith("SYNC_") || name.startsWith("ACS_"));
        service = builder.redirectErrorStream(true).redirectOutput(home.resolve("service.log").toFile()).start();
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> !service.isAlive() || ready());
        assertThat(service.isAlive()).as("the service started (see %s)", home.resolve("service.log")).isTrue();
    }

    private static boolean ready() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080/actuator/health/readiness")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (service != null) {
            service.destroy();
            service.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void everyBashBlockInTheReadmeAndDocsRunsAsWritten() throws Exception {
        Map<String, String> blocks = bashBlocks();
        assertThat(blocks.keySet()).as("every bash block has its expected output here (or is marked shell)")
                .containsExactlyElementsOf(EXPECTED.keySet());
        for (Map.Entry<String, String> block : blocks.entrySet()) {
            run(block.getKey(), block.getValue(), EXPECTED.get(block.getKey()));
        }
    }

    /** The bash blocks, README first, then docs/ in name order. */
    private static Map<String, String> bashBlocks() throws IOException {
        List<Path> files = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        Map<String, String> blocks = new LinkedHashMap<>();
        for (Path file : files) {
            var m = BASH_BLOCK.matcher(Files.readString(file));
            for (int n = 1; m.find(); n++) {
                blocks.put(file.toString().replace('\\', '/') + "#" + n, m.group(1));
            }
        }
        return blocks;
    }

    private void run(String name, String block, List<String> expected) throws Exception {
        List<String> commands = commands(block);
        List<String> outputs = new ArrayList<>();
        for (String command : commands) {
            outputs.add(runPatiently(name, command));
        }
        // what a user would look at again a moment later (a report still RUNNING, a dead letter not yet there):
        // the commands that only read are run again while the block does not show what the docs say yet
        Instant giveUp = Instant.now().plus(PATIENCE);
        while (!matchesAll(String.join("", outputs), expected) && Instant.now().isBefore(giveUp)) {
            Thread.sleep(500);
            for (int i = 0; i < commands.size(); i++) {
                if (READS_ONLY.matcher(commands.get(i)).find()) {
                    outputs.set(i, runPatiently(name, commands.get(i)));
                }
            }
        }
        String output = String.join("", outputs);
        for (String pattern : expected) {
            assertThat(Pattern.compile(pattern).matcher(output).find()).as("%s shows %s; its output was:%n%s", name, pattern, output)
                    .isTrue();
        }
    }

    private static boolean matchesAll(CharSequence output, List<String> expected) {
        return expected.stream().allMatch(p -> Pattern.compile(p).matcher(output).find());
    }

    /** Runs one command in bash, again while it fails, for up to 30 s; returns its output. */
    private String runPatiently(String block, String command) throws Exception {
        Instant giveUp = Instant.now().plus(PATIENCE);
        while (true) {
            Path out = Files.createTempFile(home, "out", ".txt");
            ProcessBuilder builder = new ProcessBuilder("bash", "-o", "pipefail", "-c", command).directory(home.toFile());
            // artemis: the CLI of the Artemis distribution mvn verify unpacks (the docs say where users get it)
            builder.environment().put("PATH", artemisBin() + java.io.File.pathSeparator + builder.environment().get("PATH"));
            Process bash = builder.redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!bash.waitFor(60, TimeUnit.SECONDS)) {
                bash.destroyForcibly();
                fail(block + ": '" + command + "' did not finish within a minute");
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            if (bash.exitValue() == 0) {
                return text + "\n";
            }
            if (Instant.now().isAfter(giveUp)) {
                fail(block + ": '" + command + "' failed (exit " + bash.exitValue() + "):\n" + text);
            }
            Thread.sleep(500);
        }
    }

    private static String artemisBin() throws IOException {
        try (Stream<Path> unpacked = Files.list(Path.of("target", "artemis"))) {
            return unpacked.map(d -> d.resolve("bin")).filter(Files::isDirectory).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no Artemis distribution in target/artemis (mvn verify unpacks it)"))
                    .toAbsolutePath().toString();
        }
    }

    /**
     * A block's commands: lines joined where a line ends with '\' or a single quote is still open (a comment after
     * a finished command does not count).
     */
    static List<String> commands(String block) {
        List<String> commands = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoteOpen = false;
        for (String line : block.split("\n")) {
            String code = quoteOpen ? line : line.replaceAll("\\s+#\\s.*$", "");
            if (code.chars().filter(c -> c == '\'').count() % 2 == 1) {
                quoteOpen = !quoteOpen;
            }
            current.append(line).append('\n');
            if (!line.endsWith("\\") && !quoteOpen && !current.toString().isBlank()) {
                commands.add(current.toString().strip());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            commands.add(current.toString().strip());
        }
        return commands;
    }
}
