/**
 * How a record ends (updated, unchanged, would-update in a dry run, or a dead letter with one reason) and what a run leaves: the outcome types, the beans the routes call to build them, reports, progress, checkpoints and output names. The reasons themselves are words every package shares: {@code dev.acssync.vocabulary.OutcomeReason}.
 */
package dev.acssync.outcome;
