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

    public RecordFieldNames(RecordProperties fields) {
        this.email = fields.emailField();
        this.pkey = fields.pkeyField();
        this.orgUnit = fields.orgUnitField();
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
        return new SyncRecord(source, line, fields, get(fields, email), get(fields, pkey), get(fields, orgUnit), problem);
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
