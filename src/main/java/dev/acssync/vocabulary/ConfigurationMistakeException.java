package dev.acssync.vocabulary;

/**
 * A setting, or settings together, the service refuses to start with: what is wrong ({@link #description()}) and what
 * to set instead ({@link #action()}). dev.acssync.ConfigurationMistakeAnalyzer prints the two as Spring Boot's
 * "APPLICATION FAILED TO START" block, without a stack trace: the mistake is the operator's to fix, not a bug.
 * An IllegalStateException, as these checks threw before it existed.
 */
public class ConfigurationMistakeException extends IllegalStateException {
    private final String description;
    private final String action;

    /**
     * @param description what is wrong, naming the setting (and its value when it is not a secret)
     * @param action what to set instead
     */
    public ConfigurationMistakeException(String description, String action) {
        super(description + ". " + action);
        this.description = description;
        this.action = action;
    }

    public String description() {
        return description;
    }

    public String action() {
        return action;
    }
}
