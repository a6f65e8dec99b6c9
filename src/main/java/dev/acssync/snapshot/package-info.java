/**
 * A snapshot of the tenant's profiles for a big file: the keys the file names (read once, kept hashed), the profile
 * listing read page by page keeping only those profiles, and the choice between that and a lookup a record
 * ({@code acs.lookup.mode}). Nothing of a snapshot is written to disk; it lives for its run.
 */
package dev.acssync.snapshot;
