package dev.acssync.console;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The start-up rules for the console's credentials. */
class ConsoleSecurityTest {
    private final ConsoleSecurity security = new ConsoleSecurity();

    @Test
    void refusesToExposeTheConsoleBeyondLocalhostWithoutAPassword() {
        assertThatThrownBy(() -> security.consoleUsers("admin", "", true, "0.0.0.0"))
                .hasMessageContaining("SYNC_CONSOLE_PASSWORD");
        assertThatThrownBy(() -> security.consoleUsers("admin", " ", true, ""))
                .hasMessageContaining("SYNC_CONSOLE_PASSWORD");
    }

    @Test
    void refusesTheSandboxDemoPasswordOnceTheSandboxIsOff() {
        assertThatThrownBy(() -> security.consoleUsers("admin", "sandbox", false, "127.0.0.1"))
                .hasMessageContaining("demo password");
        assertThat(security.consoleUsers("admin", "sandbox", true, "127.0.0.1").loadUserByUsername("admin")).isNotNull();
    }

    @Test
    void aRealPasswordWorksEverywhere() {
        assertThat(security.consoleUsers("ops", "s3cret-enough", false, "0.0.0.0").loadUserByUsername("ops").getPassword())
                .doesNotContain("s3cret-enough");
    }
}
