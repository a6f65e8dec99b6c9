package dev.acssync;

import dev.acssync.vocabulary.ConfigurationMistakeException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A configuration mistake ends the start with Spring Boot's block (what is wrong, what to set), no stack trace. */
@ExtendWith(OutputCaptureExtension.class)
class ConfigurationMistakeAnalyzerTest {
    private static final ConfigurationMistakeException MISTAKE = new ConfigurationMistakeException(
            "The console listens on every network interface but has no password",
            "Set SYNC_CONSOLE_PASSWORD, or keep server.address=127.0.0.1.");

    @Test
    void theDescriptionAndActionAreTheMistakesHoweverDeepItIsWrapped() {
        FailureAnalysis analysis = new ConfigurationMistakeAnalyzer().analyze(
                new BeanCreationException("consoleUsers", new IllegalStateException("wrapped", MISTAKE)));
        assertThat(analysis.getDescription()).isEqualTo("The console listens on every network interface but has no password");
        assertThat(analysis.getAction()).isEqualTo("Set SYNC_CONSOLE_PASSWORD, or keep server.address=127.0.0.1.");
        assertThat(analysis.getCause()).isSameAs(MISTAKE);
        assertThat(MISTAKE).hasMessage("The console listens on every network interface but has no password. "
                + "Set SYNC_CONSOLE_PASSWORD, or keep server.address=127.0.0.1.");
    }

    @Test
    void aValueThatDoesNotBindIsLeftToSpringBootsOwnAnalyzer() {
        Binder binder = new Binder(new MapConfigurationPropertySource(Map.of("acs.concurrency", "sixteen")));
        assertThatThrownBy(() -> binder.bind("acs.concurrency", Integer.class)).satisfies(notBound ->
                assertThat(new ConfigurationMistakeAnalyzer().analyze(notBound)).isNull());
    }

    @Configuration(proxyBeanMethods = false)
    static class Refused {
        @Bean
        String consoleUsers() {
            throw MISTAKE;
        }
    }

    /**
     * The real start-up path: spring.factories, Boot's reporter, the log's set-up (which keeps the block's lines and
     * drops Spring's one-line copy of it); a renamed setting on the command line is named before (RenamedSettings).
     */
    @Test
    void theStartEndsWithTheBlockAndNoStackTrace(CapturedOutput output) {
        SpringApplication application = new SpringApplication(Refused.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setRegisterShutdownHook(false);
        assertThatThrownBy(() -> application.run("--spring.config.location=optional:file:target/no-such-config/",
                "--spring.main.banner-mode=off", "--sync.console.password=old-s3cret")).isInstanceOf(BeanCreationException.class);
        assertThat(output.getOut()).contains("WARN").contains("sync.console.password is no longer read: set "
                + "sync.console.operator.password instead").doesNotContain("old-s3cret");
        assertThat(output.getOut()).contains("""
                ***************************
                APPLICATION FAILED TO START
                ***************************

                Description:

                The console listens on every network interface but has no password

                Action:

                Set SYNC_CONSOLE_PASSWORD, or keep server.address=127.0.0.1.
                """.replace("\n", System.lineSeparator()))
                .doesNotContain("Caused by").doesNotContain("\tat ").doesNotContain("Application run failed")
                .doesNotContain("cancelling refresh attempt");
    }
}
