package dev.acssync.acs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acssync.vocabulary.OutcomeReason;
import dev.acssync.vocabulary.RecordRejectedException;
import dev.acssync.record.RecordProperties;
import dev.acssync.record.RecordValidator;
import dev.acssync.record.SyncRecord;
import dev.acssync.vocabulary.ConfigurationMistakeException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.camel.Variable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Builds the URIs and bodies of the ACS calls from a record. PKeys go into the path unencoded (as ACS expects) only
 * after {@link RecordValidator} proved them safe; query values are percent-encoded ('@' becomes %40, '+' %2B).
 */
@Component("acsRequests")
public class AcsRequests {
    private final String baseUrl;
    private final String origin;
    private final ObjectMapper json = new ObjectMapper();

    private final String customKeyPath;

    @Autowired
    public AcsRequests(AcsProperties acs, RecordProperties record) {
        this.baseUrl = acs.baseUrl();
        this.origin = originOf(URI.create(baseUrl));
        this.customKeyPath = customKeyPath(acs.customKey(), record.customKeyField());
    }

    AcsRequests(String baseUrl) {
        this.baseUrl = baseUrl;
        this.origin = originOf(URI.create(baseUrl));
        this.customKeyPath = null;
    }

    /** {@code <filter>?<parameter>=}, checked once at start: both go into every lookup's URL as they are. */
    private static String customKeyPath(AcsProperties.CustomKey custom, String column) {
        if (column == null || column.isBlank()) {
            return null;
        }
        String filter = custom == null ? null : custom.filter();
        String parameter = custom == null ? null : custom.parameter();
        if (filter == null || !filter.matches("by[A-Za-z0-9_]+")) {
            throw new ConfigurationMistakeException("sync.record.custom-key-field is '" + column + "' but acs.custom-key.filter "
                    + "is '" + filter + "'", "Set acs.custom-key.filter to the custom filter's name as the API shows it ('by' "
                    + "then letters, digits or '_', e.g. byCrmId).");
        }
        if (parameter == null || !parameter.matches("[A-Za-z0-9_]+")) {
            throw new ConfigurationMistakeException("sync.record.custom-key-field is '" + column + "' but acs.custom-key.parameter "
                    + "is '" + parameter + "'", "Set acs.custom-key.parameter to the filter's parameter (letters, digits or "
                    + "'_', e.g. crmId).");
        }
        return filter + "?" + parameter + "=";
    }

    /**
     * The token and API key go to the configured ACS origin (scheme, host, port) only. A URI from elsewhere (a
     * {@code next.href} that ACS, or something posing as it, points at another host) is refused, naming it.
     */
    public void requireAcsOrigin(@Variable("acsUri") String uri) {
        URI target;
        try {
            target = URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new ForeignOriginException("refusing to send the ACS credentials to " + AcsAnswers.abbreviate(uri)
                    + ": not a URI");
        }
        if (target.getRawUserInfo() != null || !origin.equals(originOf(target))) {
            throw new ForeignOriginException("refusing to send the ACS credentials to " + AcsAnswers.abbreviate(uri)
                    + ": not the configured ACS origin " + origin);
        }
    }

    /** scheme://host:port, the port made explicit. */
    private static String originOf(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        return scheme + "://" + host + ":" + port;
    }

    public String profileByEmailUri(@Variable("record") SyncRecord record) {
        return baseUrl + "profileAndServicesExt/profile/byEmail?email=" + URLEncoder.encode(record.getEmail(), StandardCharsets.UTF_8);
    }

    public String profileByCustomKeyUri(@Variable("record") SyncRecord record) {
        return baseUrl + "profileAndServicesExt/profile/" + customKeyPath + URLEncoder.encode(record.getCustomKey(), StandardCharsets.UTF_8);
    }

    public String profileUri(@Variable("record") SyncRecord record) {
        String pkey = record.getProfilePKey();
        if (pkey == null || !RecordValidator.PKEY.matcher(pkey).matches()) {
            throw new RecordRejectedException(OutcomeReason.INVALID_RECORD, "profile PKey is not usable in a request path: '" + pkey + "'");
        }
        return baseUrl + "profileAndServicesExt/profile/" + pkey;
    }

    /** A GET's body: none (the acs-request template's default). */
    public String noBody() {
        return null;
    }

    /** {"orgUnit":{"PKey":"..."}} — the documented PATCH body. */
    public String orgUnitPatchBody(@Variable("record") SyncRecord record) {
        ObjectNode body = json.createObjectNode();
        body.putObject("orgUnit").put("PKey", record.getResolvedOrgUnit().pkey());
        return body.toString();
    }
}
