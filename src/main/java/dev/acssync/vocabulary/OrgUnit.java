package dev.acssync.vocabulary;

/**
 * An ACS organizational unit as listed by orgUnitBase. Matched by {@code name} first: titles are not reliable.
 *
 * @param matchedBy how a record's value found it ({@code name}, {@code name ignoring case}, {@code label},
 *                  {@code label ignoring case}, {@code PKey}); null in the directory itself
 */
public record OrgUnit(String pkey, String name, String label, String matchedBy) {
    public OrgUnit(String pkey, String name, String label) {
        this(pkey, name, label, null);
    }

    public OrgUnit matchedBy(String how) {
        return new OrgUnit(pkey, name, label, how);
    }
}
