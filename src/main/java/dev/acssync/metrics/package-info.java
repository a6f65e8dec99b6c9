/**
 * The service's own Micrometer metrics (ACS calls, outcomes, tokens, the directory, records in flight).
 */
package dev.acssync.metrics;
