package dev.acssync.record;

import dev.acssync.vocabulary.OutcomeReason;
import dev.acssync.vocabulary.RecordRejectedException;
import java.util.regex.Pattern;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;

/**
 * Rejects records that can never succeed before any ACS call is spent on them. PKeys are checked strictly because
 * they go into the request path: a '/', '?', '#' or space must never change which resource is called.
 */
@Component("recordValidator")
public class RecordValidator {

    /** ACS PKeys: '@' followed by letters, digits, '-' and '_'. */
    public static final Pattern PKEY = Pattern.compile("^@[A-Za-z0-9_-]+$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    /** RFC 5321's limit: a longer value is not an address, and would make an absurd request URL. */
    private static final int MAX_EMAIL_LENGTH = 254;
    private static final int MAX_PKEY_LENGTH = 256;
    private static final int MAX_CUSTOM_KEY_LENGTH = 256;

    private final RecordFieldNames names;

    public RecordValidator(RecordFieldNames names) {
        this.names = names;
    }

    /**
     * Rejects a record that can never succeed. The key it names its profile by is checked in the pipeline's order
     * (step profile-key-order): pkey, custom key, email.
     */
    public void check(@Variable("record") SyncRecord record) {
        if (record.getProblem() != null) {
            throw invalid("record " + record.getProblem());
        }
        String unit = record.getOrgUnit();
        if (unit == null) {
            throw invalid("'" + names.orgUnit() + "' is empty");
        }
        if (unit.startsWith("@") && !PKEY.matcher(unit).matches()) {
            throw invalid("'" + names.orgUnit() + "' looks like a PKey but is not one: " + quote(unit));
        }
        if (record.getPkey() != null) {
            if (record.getPkey().length() > MAX_PKEY_LENGTH || !PKEY.matcher(record.getPkey()).matches()) {
                throw invalid("'" + names.pkey() + "' is not an ACS PKey ('@' then letters, digits, '-' or '_'): "
                        + quote(record.getPkey()));
            }
        } else if (record.getCustomKey() != null) {
            if (record.getCustomKey().length() > MAX_CUSTOM_KEY_LENGTH || record.getCustomKey().chars().anyMatch(Character::isISOControl)) {
                throw invalid("'" + names.customKey() + "' is not a usable key (at most " + MAX_CUSTOM_KEY_LENGTH
                        + " characters, no control characters): " + quote(record.getCustomKey()));
            }
        } else if (record.getEmail() != null) {
            if (record.getEmail().length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(record.getEmail()).matches()) {
                throw invalid("'" + names.email() + "' is not an email address: " + quote(record.getEmail()));
            }
        } else if (names.customKey() != null) {
            throw invalid("none of '" + names.email() + "', '" + names.pkey() + "' and '" + names.customKey() + "' is given");
        } else {
            throw invalid("neither '" + names.email() + "' nor '" + names.pkey() + "' is given");
        }
    }

    private static RecordRejectedException invalid(String detail) {
        return new RecordRejectedException(OutcomeReason.INVALID_RECORD, detail);
    }

    private static String quote(String value) {
        String shown = value.length() > 100 ? value.substring(0, 100) + "..." : value;
        return "'" + shown + "'";
    }
}
