/**
 * The preflight: before the sources take anything, check what a real tenant can get wrong (the credentials, the
 * organization in the URL, the org-unit listing, the profile resource's {@code orgUnit} field). Its result is health
 * component {@code sync/preflight}, and the gates the source routes wait behind ({@code preflightPollGate},
 * {@code preflightListenerGate}).
 */
package dev.acssync.preflight;
