package dev.acssync.record;

import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Which column (CSV) or field (JSON) holds the email, the profile PKey and the org unit. Matched case-insensitively. */
@Component
public class RecordFieldNames {
    private final String email;
    private final String pkey;
    private final String orgUnit;
    private final String customKey;

    public RecordFieldNames(RecordProperties fields) {
        this.email = fields.emailField();
        this.pkey = fields.pkeyField();
        this.orgUnit = fields.orgUnitField();
        this.customKey = fields.customKeyField() == null || fields.customKeyField().isBlank() ? null : fields.customKeyField().trim();
    }

    /** The column of the tenant's own profile key, or null when none is configured. */
    public String customKey() {
        return customKey;
    }

    public String email() {
        return email;
    }

    public String pkey() {
        return pkey;
    }

    public String orgUnit() {
        return orgUnit;
    }

    /** Builds a record from named fields, whatever the case of the names. */
    SyncRecord toRecord(String source, long line, Map<String, String> fields, String problem) {
        return new SyncRecord(source, line, fields, get(fields, email), get(fields, pkey),
                customKey == null ? null : get(fields, customKey), get(fields, orgUnit), problem);
    }

    static String get(Map<String, String> fields, String name) {
        String exact = fields.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (e.getKey() != null && e.getKey().trim().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return e.getValue();
            }
        }
        return null;
    }
}
