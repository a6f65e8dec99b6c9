/**
 * An emulator of Adobe IMS and of the ACS resources the service uses (orgUnitBase, profile and its paginated listing and count, byEmail, a custom filter byCrmId, the profile resource's metadata, PATCH), with fault injection and inspection endpoints. It imports nothing from the rest of the service.
 */
package dev.acssync.sandbox;
