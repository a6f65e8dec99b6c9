/**
 * Health that tells the truth to probes: what liveness means for this service.
 */
package dev.acssync.health;
