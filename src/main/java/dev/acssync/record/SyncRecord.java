package dev.acssync.record;

import dev.acssync.vocabulary.AcsCallKind;
import dev.acssync.vocabulary.OrgUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One assignment request read from a source: "put this profile (by email or PKey) into this org unit".
 * It travels through the pipeline as an exchange property, so redelivery never depends on the message body;
 * the pipeline fills in the resolved org unit and profile PKey as it goes.
 */
public class SyncRecord {
    private final String source;
    private final long line;
    private final Map<String, String> fields;
    private final String email;
    private final String pkey;
    private final String customKey;
    private final String orgUnit;
    private final String problem;

    private String rawText;
    private volatile OrgUnit resolvedOrgUnit;
    private volatile String profilePKey;
    private volatile String currentOrgUnitPKey;
    // the ACS calls this record cost, by kind (AcsCallKind's order): a record is on one thread at a time
    private final int[] acsCalls = new int[AcsCallKind.values().length];

    public SyncRecord(String source, long line, Map<String, String> fields, String email, String pkey, String orgUnit,
                      String problem) {
        this(source, line, fields, email, pkey, null, orgUnit, problem);
    }

    public SyncRecord(String source, long line, Map<String, String> fields, String email, String pkey, String customKey,
                      String orgUnit, String problem) {
        this.source = source;
        this.line = line;
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        this.email = blankToNull(email);
        this.pkey = blankToNull(pkey);
        this.customKey = blankToNull(customKey);
        this.orgUnit = blankToNull(orgUnit);
        this.problem = problem;
    }

    /** The tenant's own key for the profile (sync.record.custom-key-field), or null. */
    public String getCustomKey() {
        return customKey;
    }

    /** A record that could not even be parsed; it still gets an outcome (INVALID_RECORD). */
    public static SyncRecord unparseable(String source, long line, String raw, String problem) {
        return new SyncRecord(source, line, raw == null ? Map.of() : Map.of("raw", raw), null, null, null, problem)
                .withRawText(raw);
    }

    SyncRecord withRawText(String text) {
        this.rawText = text;
        return this;
    }

    /** The record's text as it arrived (JSON sources and unparseable records), or null. */
    public String getRawText() {
        return rawText;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    public String getSource() {
        return source;
    }

    /** The record number in its source: the line for CSV and JSON Lines, the element index (1-based) for a JSON array. */
    public long getLine() {
        return line;
    }

    /** The record as it was read, for the dead letter. */
    public Map<String, String> getFields() {
        return fields;
    }

    public String getEmail() {
        return email;
    }

    public String getPkey() {
        return pkey;
    }

    /** The unit's name, or its PKey when the value starts with '@'. */
    public String getOrgUnit() {
        return orgUnit;
    }

    /** Why the reader could not make sense of this record, or null. */
    public String getProblem() {
        return problem;
    }

    public OrgUnit getResolvedOrgUnit() {
        return resolvedOrgUnit;
    }

    public void setResolvedOrgUnit(OrgUnit resolvedOrgUnit) {
        this.resolvedOrgUnit = resolvedOrgUnit;
    }

    /** The profile to PATCH: the record's own PKey, or the one found by its custom key or email. */
    public String getProfilePKey() {
        return profilePKey != null ? profilePKey : pkey;
    }

    public void setProfilePKey(String profilePKey) {
        this.profilePKey = profilePKey;
    }

    /** The PKey of the unit ACS says the profile is in now (from a lookup's answer), or null when not known. */
    public String getCurrentOrgUnitPKey() {
        return currentOrgUnitPKey;
    }

    public void setCurrentOrgUnitPKey(String currentOrgUnitPKey) {
        this.currentOrgUnitPKey = currentOrgUnitPKey;
    }

    /** One more ACS call of this kind for this record. */
    public synchronized void countAcsCall(AcsCallKind kind) {
        acsCalls[kind.ordinal()]++;
    }

    /** The ACS calls this record cost so far, by kind (indexed by {@link AcsCallKind#ordinal()}). */
    public synchronized int[] acsCallsByKind() {
        return acsCalls.clone();
    }

    @Override
    public String toString() {
        return source + " record " + line;
    }
}
