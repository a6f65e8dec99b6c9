package dev.acssync.record;

import dev.acssync.TestSettings;
import java.util.LinkedHashMap;
import java.util.Map;

/** Records as a reader makes them (with the shipped field names), for tests outside this package. */
public final class TestRecords {
    private static final RecordFieldNames NAMES = new RecordFieldNames(TestSettings.recordFields());

    private TestRecords() {
    }

    /** A record read from line {@code line} of {@code source}; null values are absent fields. */
    public static SyncRecord of(String source, long line, String email, String pkey, String orgUnit) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (email != null) {
            fields.put("email", email);
        }
        if (pkey != null) {
            fields.put("pkey", pkey);
        }
        if (orgUnit != null) {
            fields.put("orgUnit", orgUnit);
        }
        return NAMES.toRecord(source, line, fields, null);
    }
}
