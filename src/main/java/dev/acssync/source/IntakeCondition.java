package dev.acssync.source;

/**
 * Something besides the preflight that must hold before a polling source takes a new file (asked by the sources'
 * gate, dev.acssync.preflight.PreflightPollGate): for example, that the runs' outputs can be written.
 */
public interface IntakeCondition {
    /** Why no file may be taken now, or null when files may be taken. */
    String blocking();
}
