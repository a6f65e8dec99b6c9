package dev.acssync.preflight;

/**
 * Something besides the preflight that must hold before a polling source takes a new file ({@link PreflightPollGate}):
 * for example, that the run's outputs can be written.
 */
public interface IntakeCondition {
    /** Why no file may be taken now, or null when files may be taken. */
    String blocking();
}
