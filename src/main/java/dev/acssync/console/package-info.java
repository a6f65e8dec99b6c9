/**
 * The web console (Hawtio), Jolokia and the actuator endpoints: who may log in, and what they may do.
 */
package dev.acssync.console;
