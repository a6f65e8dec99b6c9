package dev.acssync.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's own settings ({@code acs.*}, {@code sync.*}) cannot drift: each one in config/application.properties
 * is described by the configuration metadata (generated from the {@code @ConfigurationProperties} records), each
 * described one is set there (every default stated once, in that file), and docs/configuration.md is generated from
 * both. When a setting changes, regenerate the page:
 * {@code mvn test -Dtest=ConfigurationReferenceTest -Dconfiguration.reference.write=true}.
 */
class ConfigurationReferenceTest {
    private static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");
    private static final Path DEFAULTS = Path.of("config/application.properties");
    private static final Path ADOBE = Path.of("config/application-adobe.properties");
    private static final Path PAGE = Path.of("docs/configuration.md");
    /** Secrets with no default: set in the environment only, and named in a comment of config/application.properties. */
    private static final Set<String> FROM_THE_ENVIRONMENT_ONLY = Set.of("sync.sftp.password", "sync.sftp.private-key-file",
            "sync.sftp.private-key-passphrase");
    /** Off unless set: the config file shows each in a commented-out example line. */
    private static final Set<String> OFF_UNLESS_SET = Set.of("sync.file.done-file-name", "sync.sftp.done-file-name");

    private static boolean ours(String key) {
        return key.startsWith("acs.") || key.startsWith("sync.");
    }

    static Map<String, String> properties(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            out.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim().replace("\\\\", "\\"));
        }
        return out;
    }

    private static Map<String, JsonNode> metadata() throws IOException {
        return metadata(false);
    }

    /** Our settings, or (renamed) those whose metadata names a replacement (additional-spring-configuration-metadata.json). */
    private static Map<String, JsonNode> metadata(boolean renamed) throws IOException {
        Map<String, JsonNode> out = new TreeMap<>();
        for (JsonNode p : new ObjectMapper().readTree(METADATA.toFile()).path("properties")) {
            if (ours(p.path("name").asText()) && p.has("deprecation") == renamed) {
                out.put(p.path("name").asText(), p);
            }
        }
        return out;
    }

    @Test
    void everySettingIsDescribedAndEveryDescribedSettingHasItsDefaultInTheConfigFile() throws IOException {
        Map<String, String> defaults = properties(DEFAULTS);
        Map<String, JsonNode> described = metadata();
        String configText = Files.readString(DEFAULTS);

        assertThat(defaults.keySet().stream().filter(ConfigurationReferenceTest::ours))
                .as("settings in config/application.properties without a description (add them to a @ConfigurationProperties record)")
                .allMatch(described::containsKey);
        for (String key : described.keySet()) {
            if (FROM_THE_ENVIRONMENT_ONLY.contains(key)) {
                assertThat(configText).as(key + " is named in a comment of the config file").contains(envName(key));
            } else if (OFF_UNLESS_SET.contains(key)) {
                assertThat(configText).as(key + " has a commented-out example in the config file").contains("\n#" + key + "=");
            } else {
                assertThat(defaults).as("the default of " + key + " in config/application.properties").containsKey(key);
            }
        }
        for (Map.Entry<String, JsonNode> renamed : metadata(true).entrySet()) {
            JsonNode replacement = renamed.getValue().path("deprecation").path("replacement");
            if (!replacement.isMissingNode()) {
                assertThat(described).as(renamed.getKey() + " is replaced by a setting that exists").containsKey(replacement.asText());
            }
            assertThat(defaults).as(renamed.getKey() + " is no longer set in the config file").doesNotContainKey(renamed.getKey());
        }
    }

    @Test
    void docsConfigurationMdIsGeneratedFromTheMetadataAndTheConfigFiles() throws IOException {
        String page = render(properties(DEFAULTS), properties(ADOBE), metadata(), metadata(true));
        if (Boolean.getBoolean("configuration.reference.write")) {
            Files.writeString(PAGE, page);
        }
        assertThat(Files.readString(PAGE)).as("docs/configuration.md is up to date (regenerate it: see this test's javadoc)")
                .isEqualTo(page);
    }

    private static String envName(String key) {
        return key.toUpperCase().replace('.', '_').replace('-', '_');
    }

    private static String render(Map<String, String> defaults, Map<String, String> adobe, Map<String, JsonNode> described,
                                 Map<String, JsonNode> renamed) {
        StringBuilder md = new StringBuilder();
        md.append("# Configuration\n\n")
                .append("<!-- generated by ConfigurationReferenceTest from the configuration metadata and config/*.properties: do not edit -->\n\n")
                .append("`config/application.properties` holds every setting with its default (the sandbox configuration);\n")
                .append("`config/application-adobe.properties` (profile `adobe`) what changes for a real tenant. Override any setting\n")
                .append("with an environment variable (`ACS_RETRY_GIVE_UP_AFTER=PT10M` for `acs.retry.give-up-after`) or `--name=value`.\n")
                .append("Secrets come from the environment only. Editors complete and explain these settings from\n")
                .append("`META-INF/spring-configuration-metadata.json`.\n");
        String group = null;
        // one table per group: a group's settings together, its own top-level ones (acs.organization) first
        List<Map.Entry<String, JsonNode>> ordered = new ArrayList<>(described.entrySet());
        ordered.sort(java.util.Comparator.comparing((Map.Entry<String, JsonNode> e) -> groupOf(e.getKey()))
                .thenComparing(Map.Entry::getKey));
        for (Map.Entry<String, JsonNode> e : ordered) {
            String key = e.getKey();
            String g = groupOf(key);
            if (!g.equals(group)) {
                group = g;
                md.append("\n## `").append(g).append(".*`\n\n| setting | default | profile `adobe` | meaning |\n| --- | --- | --- | --- |\n");
            }
            String value = FROM_THE_ENVIRONMENT_ONLY.contains(key) ? "env `" + envName(key) + "`"
                    : OFF_UNLESS_SET.contains(key) ? "off (an example in the file)" : code(defaults.get(key));
            String forAdobe = adobe.containsKey(key) ? code(adobe.get(key)) : "";
            md.append("| `").append(key).append("` | ").append(value).append(" | ").append(forAdobe).append(" | ")
                    .append(describe(e.getValue().path("description").asText(""))).append(" |\n");
        }
        List<String> others = new ArrayList<>();
        for (String key : defaults.keySet()) {
            if (!ours(key)) {
                others.add("| `" + key + "` | " + code(defaults.get(key)) + " | " + (adobe.containsKey(key) ? code(adobe.get(key)) : "") + " |");
            }
        }
        md.append("\n## Renamed and removed settings\n\n")
                .append("No longer read. Each one still set in a config file, a system property or on the command line is named\n")
                .append("at start in one WARN with the setting to use instead, or why it is gone (its value is never logged):\n")
                .append("`sync.console.password is no longer read: set sync.console.operator.password instead (…); found in commandLineArgs`.\n")
                .append("Environment variables are not reported: `SYNC_CONSOLE_PASSWORD` is how the new setting is given.\n\n")
                .append("| setting | set instead | why |\n| --- | --- | --- |\n");
        for (Map.Entry<String, JsonNode> e : renamed.entrySet()) {
            JsonNode deprecation = e.getValue().path("deprecation");
            md.append("| `").append(e.getKey()).append("` | ").append(deprecation.has("replacement")
                            ? "`" + deprecation.path("replacement").asText() + "`" : "(none)").append(" | ")
                    .append(describe(deprecation.path("reason").asText("renamed"))).append(" |\n");
        }
        md.append("\n## Spring Boot, Camel and Artemis settings the service sets\n\n")
                .append("Described by their own projects; shown here with the value the service ships.\n\n")
                .append("| setting | value | profile `adobe` |\n| --- | --- | --- |\n");
        others.forEach(line -> md.append(line).append('\n'));
        return md.toString();
    }

    private static String groupOf(String key) {
        String[] parts = key.split("\\.");
        return parts.length > 2 ? parts[0] + "." + parts[1] : parts[0];
    }

    private static String code(String value) {
        return value == null ? "" : "`" + value.replace("|", "\\|") + "`";
    }

    private static String describe(String javadoc) {
        return javadoc.replaceAll("\\{@code ([^}]*)}", "`$1`").replaceAll("\\{@link ([^}]*)}", "$1").replace("|", "\\|")
                .replaceAll("\\s+", " ").trim();
    }
}
