/**
 * A record as read from a source (SyncRecord), the streaming readers for CSV, JSON and JSON Lines, the configurable field names and the validation done before any ACS call.
 */
package dev.acssync.record;
