package dev.acssync.acs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acssync.outcome.OutcomeReason;
import dev.acssync.outcome.RecordRejectedException;
import dev.acssync.record.RecordValidator;
import dev.acssync.record.SyncRecord;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.apache.camel.ExchangeProperty;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Builds the URIs and bodies of the ACS calls from a record. PKeys go into the path unencoded (as ACS expects) only
 * after {@link RecordValidator} proved them safe; query values are percent-encoded ('@' becomes %40, '+' %2B).
 */
@Component("acsRequests")
public class AcsRequests {
    private final String baseUrl;
    private final ObjectMapper json = new ObjectMapper();

    public AcsRequests(@Value("${acs.base-url}") String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** The health probe's cheap GET: one org unit, one row. */
    public String probeUri() {
        return baseUrl + "profileAndServicesExt/orgUnitBase?_lineCount=1";
    }

    public String profileByEmailUri(@ExchangeProperty("record") SyncRecord record) {
        return baseUrl + "profileAndServicesExt/profile/byEmail?email=" + URLEncoder.encode(record.getEmail(), StandardCharsets.UTF_8);
    }

    public String profileUri(@ExchangeProperty("record") SyncRecord record) {
        String pkey = record.getProfilePKey();
        if (pkey == null || !RecordValidator.PKEY.matcher(pkey).matches()) {
            throw new RecordRejectedException(OutcomeReason.INVALID_RECORD, "profile PKey is not usable in a request path: '" + pkey + "'");
        }
        return baseUrl + "profileAndServicesExt/profile/" + pkey;
    }

    /** {"orgUnit":{"PKey":"..."}} — the documented PATCH body. */
    public String orgUnitPatchBody(@ExchangeProperty("record") SyncRecord record) {
        ObjectNode body = json.createObjectNode();
        body.putObject("orgUnit").put("PKey", record.getResolvedOrgUnit().pkey());
        return body.toString();
    }
}
