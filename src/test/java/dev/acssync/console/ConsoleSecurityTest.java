package dev.acssync.console;

import dev.acssync.console.ConsoleProperties.Login;
import dev.acssync.vocabulary.ConfigurationMistakeException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The start-up rules for the console's logins. */
class ConsoleSecurityTest {
    private final ConsoleSecurity security = new ConsoleSecurity();

    private static ConsoleProperties logins(String operatorPassword, String viewerPassword) {
        return new ConsoleProperties(new Login("admin", operatorPassword), new Login("viewer", viewerPassword), java.util.List.of("localhost"));
    }

    @Test
    void refusesToExposeTheConsoleBeyondLocalhostWithoutAPassword() {
        assertThatThrownBy(() -> security.consoleUsers(logins("", ""), true, "0.0.0.0"))
                .isInstanceOfSatisfying(ConfigurationMistakeException.class, mistake -> {
                    assertThat(mistake.description()).isEqualTo("The console listens on 0.0.0.0 but has no password");
                    assertThat(mistake.action()).isEqualTo("Set SYNC_CONSOLE_PASSWORD, or keep server.address=127.0.0.1.");
                });
        assertThatThrownBy(() -> security.consoleUsers(logins(" ", ""), true, ""))
                .hasMessageContaining("every network interface");
    }

    @Test
    void refusesTheSandboxDemoPasswordOnceTheSandboxIsOff() {
        assertThatThrownBy(() -> security.consoleUsers(logins("sandbox", ""), false, "127.0.0.1"))
                .isInstanceOf(ConfigurationMistakeException.class).hasMessageContaining("demo password");
        assertThatThrownBy(() -> security.consoleUsers(logins("s3cret-enough", "sandbox"), false, "127.0.0.1"))
                .hasMessageContaining("'viewer'").hasMessageContaining("demo password");
        assertThat(security.consoleUsers(logins("sandbox", "sandbox"), true, "127.0.0.1").loadUserByUsername("admin")).isNotNull();
    }

    @Test
    void theDemoPasswordIsForLoopbackOnlyEvenWithTheSandbox() {
        assertThatThrownBy(() -> security.consoleUsers(logins("sandbox", ""), true, "0.0.0.0"))
                .isInstanceOf(ConfigurationMistakeException.class).hasMessageContaining("loopback only");
        assertThatThrownBy(() -> security.consoleUsers(logins("s3cret-enough", "sandbox"), true, "192.168.1.10"))
                .hasMessageContaining("'viewer'");
        assertThatCode(() -> security.consoleUsers(logins("sandbox", "sandbox"), true, "::1")).doesNotThrowAnyException();
    }

    @Test
    void realPasswordsWorkEverywhereAndGiveEachLoginItsRole() {
        var users = security.consoleUsers(logins("s3cret-enough", "also-s3cret"), false, "0.0.0.0");
        assertThat(users.loadUserByUsername("admin").getPassword()).doesNotContain("s3cret-enough");
        assertThat(users.loadUserByUsername("admin").getAuthorities()).extracting(Object::toString).containsExactly("ROLE_OPERATOR");
        assertThat(users.loadUserByUsername("viewer").getAuthorities()).extracting(Object::toString).containsExactly("ROLE_VIEWER");
    }

    @Test
    void aBlankViewerPasswordMeansNoViewer() {
        var users = security.consoleUsers(logins("s3cret-enough", ""), false, "127.0.0.1");
        assertThatThrownBy(() -> users.loadUserByUsername("viewer")).isInstanceOf(Exception.class);
    }
}
