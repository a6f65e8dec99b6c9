package dev.acssync.record;

import java.nio.charset.Charset;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which column (CSV) or field (JSON) holds what ({@code sync.record.*}); names match ignoring case.
 *
 * @param emailField the profile's email
 * @param pkeyField the profile's PKey
 * @param orgUnitField the org unit's name (or PKey)
 * @param customKeyField a column naming the profile by the tenant's own key (e.g. crmId), looked up with the custom
 *                       filter acs.custom-key.filter; the profile's field acs.custom-key.field (e.g. cusCrmId) must
 *                       equal it. Blank: none
 * @param charset the text encoding of files without a byte-order mark (a mark decides: UTF-8, UTF-16LE, UTF-16BE),
 *                e.g. windows-1252 for Excel's "CSV" on a Western Windows; text that is not valid in it fails the file
 * @param xlsxSheet the sheet of an .xlsx workbook that holds the records; blank: the first one
 */
@ConfigurationProperties("sync.record")
public record RecordProperties(String emailField, String pkeyField, String orgUnitField, String customKeyField,
                               Charset charset, String xlsxSheet) {
}
