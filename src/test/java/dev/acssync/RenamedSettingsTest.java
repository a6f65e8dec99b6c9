package dev.acssync;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** A renamed setting set in a file or on the command line is named at start with its new name; the environment is not. */
class RenamedSettingsTest {

    @Test
    void theRenamedSettingsComeFromTheConfigurationMetadata() {
        assertThat(RenamedSettings.renamed()).contains(
                new RenamedSettings.Renamed("sync.console.password", "sync.console.operator.password",
                        "the console has two logins: the operator's and the viewer's", "error"));
    }

    @Test
    void aRenamedSettingOnTheCommandLineGetsOneLineNamingItsReplacementNeverItsValue() {
        StandardEnvironment environment = environment(Map.of());
        environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource("--sync.console.password=old-s3cret",
                "--sync.console.operator.username=admin"));
        List<String> warnings = RenamedSettings.warnings(environment, RenamedSettings.renamed());
        assertThat(warnings).singleElement().asString()
                .startsWith("sync.console.password is no longer read: set sync.console.operator.password instead")
                .endsWith("; found in commandLineArgs").doesNotContain("old-s3cret");
    }

    @Test
    void aRenamedSettingInAConfigFileIsNamedWithTheFile() {
        StandardEnvironment environment = environment(Map.of());
        environment.getPropertySources().addLast(new MapPropertySource("Config resource 'file [config/application.properties]'",
                Map.of("acs.retry.max-redeliveries", "6")));
        assertThat(RenamedSettings.warnings(environment, RenamedSettings.renamed())).containsExactly(
                "acs.retry.max-redeliveries is no longer read: set acs.retry.give-up-after instead (a failing call is tried "
                        + "again for a time, not a number of times); found in Config resource 'file [config/application.properties]'");
    }

    /** Relaxed binding reads SYNC_CONSOLE_PASSWORD as sync.console.password too: the documented variable is silent. */
    @Test
    void theDocumentedEnvironmentVariablesAreSilent() {
        StandardEnvironment environment = environment(Map.of("SYNC_CONSOLE_PASSWORD", "s3cret", "SYNC_CONSOLE_USERNAME", "ops"));
        assertThat(environment.getProperty("sync.console.password")).as("the old name reads the variable").isEqualTo("s3cret");
        assertThat(RenamedSettings.warnings(environment, RenamedSettings.renamed())).isEmpty();
    }

    private static StandardEnvironment environment(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        return environment;
    }
}
