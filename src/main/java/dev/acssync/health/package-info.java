/**
 * Health that tells the truth to probes: the service's Camel health checks (group {@code sync}, one small class each,
 * reading the state beans of the other packages), found by Camel's registry as beans (its health MBean in Hawtio,
 * {@code camelHealth}) and shown by the actuator as component {@code sync/<id>}. The probe groups name their members:
 * readiness {@code sync/preflight} and {@code sync/acsAvailability}, liveness {@code sync/processing}; Camel's own
 * route and consumer checks stay out of the probes.
 */
package dev.acssync.health;
