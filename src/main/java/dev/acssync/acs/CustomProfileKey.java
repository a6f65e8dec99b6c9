package dev.acssync.acs;

import dev.acssync.record.RecordProperties;
import dev.acssync.vocabulary.ConfigurationMistakeException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The tenant's own profile key, when records name profiles by one: three things a real tenant names separately, so
 * three settings, checked once at start.
 * <ul>
 *   <li>the record's column ({@code sync.record.custom-key-field}, e.g. {@code crmId}): what the CRM export calls it;</li>
 *   <li>the ACS field's API name ({@code acs.custom-key.field}): a custom field of the extended profile resource
 *       carries the {@code cus} prefix ({@code cusCrmId}), as the resource's metadata shows it;</li>
 *   <li>the custom filter and its parameter ({@code acs.custom-key.filter}, {@code acs.custom-key.parameter}): named
 *       by the administrator and by ACS ({@code byCrmId}, {@code crmId_parameter}); not needed when the profile
 *       resource declares the key as its id ({@code acs.custom-key.as-id}): {@code …/profile/<key>} is the profile.</li>
 * </ul>
 */
@Component
public class CustomProfileKey {
    private final String column;
    private final String field;
    private final String filter;
    private final String parameter;
    private final boolean asId;

    @Autowired
    public CustomProfileKey(AcsProperties acs, RecordProperties record) {
        this(record.customKeyField(), acs.customKey());
    }

    CustomProfileKey(String column, AcsProperties.CustomKey acs) {
        if (column == null || column.isBlank()) {
            this.column = this.field = this.filter = this.parameter = null;
            this.asId = false;
            return;
        }
        this.column = column.trim();
        this.asId = acs != null && acs.asId();
        this.field = required(acs == null ? null : acs.field(), "[A-Za-z_][A-Za-z0-9_]*", "acs.custom-key.field",
                "Set acs.custom-key.field to the field's API name as the profile resource's metadata shows it "
                        + "(a custom field starts with 'cus', e.g. cusCrmId).");
        if (asId) {
            // the key addresses the profile itself: no filter is called
            this.filter = this.parameter = null;
            return;
        }
        this.filter = required(acs == null ? null : acs.filter(), "by[A-Za-z0-9_]+", "acs.custom-key.filter",
                "Set acs.custom-key.filter to the custom filter's name as the API shows it ('by' then letters, digits "
                        + "or '_', e.g. byCrmId).");
        this.parameter = required(acs == null ? null : acs.parameter(), "[A-Za-z0-9_]+", "acs.custom-key.parameter",
                "Set acs.custom-key.parameter to the filter's parameter as ACS names it (letters, digits or '_', e.g. "
                        + "crmId_parameter).");
    }

    // the field, filter and parameter go into every lookup's URL and JSON path as they are
    private String required(String value, String pattern, String setting, String action) {
        if (value == null || !value.trim().matches(pattern)) {
            throw new ConfigurationMistakeException("sync.record.custom-key-field is '" + column + "' but " + setting
                    + " is '" + (value == null ? "" : value) + "'", action);
        }
        return value.trim();
    }

    /** Records name profiles by the tenant's own key. */
    public boolean isUsed() {
        return column != null;
    }

    /** The record's column (sync.record.custom-key-field), or null when unused. */
    public String column() {
        return column;
    }

    /** The ACS field's API name (acs.custom-key.field), or null when unused. */
    public String field() {
        return field;
    }

    /** {@code <filter>?<parameter>=}: the lookup's path, the value to append percent-encoded; null when unused or the key is the id. */
    String lookupPath() {
        return column == null || asId ? null : filter + "?" + parameter + "=";
    }

    /** The profile resource declares the key as its id (acs.custom-key.as-id): {@code …/profile/<key>} is the profile. */
    public boolean asId() {
        return asId;
    }
}
