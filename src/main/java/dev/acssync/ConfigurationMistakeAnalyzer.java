package dev.acssync;

import dev.acssync.vocabulary.ConfigurationMistakeException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A start refused for a configuration mistake ends with Spring Boot's "APPLICATION FAILED TO START" block (what is
 * wrong, what to set) instead of nested stack traces around one sentence; Spring Boot still logs the exception at
 * DEBUG. Only this exception type: Spring's own analyzers (a value that does not bind, a port in use) keep theirs.
 * Registered in META-INF/spring.factories.
 */
class ConfigurationMistakeAnalyzer extends AbstractFailureAnalyzer<ConfigurationMistakeException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ConfigurationMistakeException cause) {
        return new FailureAnalysis(cause.description(), cause.action(), cause);
    }
}
