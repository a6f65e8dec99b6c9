/**
 * Logging that cannot be forged: every event is printed on one line whatever its message carries.
 */
package dev.acssync.logging;
