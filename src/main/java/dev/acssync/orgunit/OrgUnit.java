package dev.acssync.orgunit;

/** An ACS organizational unit as listed by orgUnitBase. Matched by {@code name}: titles are not reliable. */
public record OrgUnit(String pkey, String name, String label) {
}
