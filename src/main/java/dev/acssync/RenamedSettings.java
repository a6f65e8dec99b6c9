package dev.acssync;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * A renamed setting still set in a config file, a system property or on the command line would be silently ignored:
 * each gets one WARN at start naming its new name, or why it is gone (never its value). The renamed settings are the deprecations of
 * META-INF/additional-spring-configuration-metadata.json, so they are listed once, where editors read them too.
 * Environment variables are left out: relaxed binding reads the documented SYNC_CONSOLE_PASSWORD (the value of
 * sync.console.operator.password in config/application.properties) as the old sync.console.password as well.
 */
class RenamedSettings implements EnvironmentPostProcessor {
    static final String METADATA = "META-INF/additional-spring-configuration-metadata.json";

    /** A deprecation of the metadata: {@code level} "error" is a setting no longer read. */
    record Renamed(String name, String replacement, String reason, String level) {
    }

    private final Log log;

    RenamedSettings(DeferredLogFactory logs) {
        this.log = logs.getLog(RenamedSettings.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        warnings(environment, renamed()).forEach(log::warn);
    }

    /** One line per renamed setting set outside the environment, with the source that sets it. */
    static List<String> warnings(ConfigurableEnvironment environment, List<Renamed> renamed) {
        List<String> lines = new ArrayList<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            // not enumerable: Spring's view over all the sources (the environment included), random.*
            if (source instanceof SystemEnvironmentPropertySource || !(source instanceof EnumerablePropertySource)) {
                continue;
            }
            for (ConfigurationPropertySource names : ConfigurationPropertySources.from(source)) {
                for (Renamed setting : renamed) {
                    if (names.getConfigurationProperty(ConfigurationPropertyName.of(setting.name())) != null) {
                        lines.add(warning(setting, source.getName()));
                    }
                }
            }
        }
        return lines;
    }

    private static String warning(Renamed setting, String where) {
        String instead = setting.replacement() == null ? "" : ": set " + setting.replacement() + " instead";
        return setting.name() + (setting.level().equals("error") ? " is no longer read" : " is deprecated") + instead
                + (setting.reason().isEmpty() ? "" : " (" + setting.reason() + ")") + "; found in " + where;
    }

    /** The deprecations in the service's own metadata file (a setting gone for good has no replacement). */
    static List<Renamed> renamed() {
        // other jars ship a file of that name too: the application's own comes first on its class path (target/classes
        // in tests, the root of the packaged jar, where Spring Boot's repackaging puts the classes' META-INF)
        URL own = RenamedSettings.class.getClassLoader().getResource(METADATA);
        if (own == null) {
            return List.of();
        }
        try (InputStream in = own.openStream()) {
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<Renamed> out = new ArrayList<>();
            for (Object entry : (List<?>) JsonParserFactory.getJsonParser().parseMap(json).getOrDefault("properties", List.of())) {
                Map<?, ?> property = (Map<?, ?>) entry;
                if (property.get("deprecation") instanceof Map<?, ?> deprecation) {
                    out.add(new Renamed(String.valueOf(property.get("name")),
                            deprecation.get("replacement") == null ? null : String.valueOf(deprecation.get("replacement")),
                            deprecation.get("reason") == null ? "" : String.valueOf(deprecation.get("reason")),
                            deprecation.get("level") == null ? "warning" : String.valueOf(deprecation.get("level"))));
                }
            }
            return out;
        } catch (IOException | RuntimeException unreadable) {
            return List.of(); // a hint for the operator, never a reason not to start
        }
    }
}
