package dev.acssync.acs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acssync.vocabulary.OutcomeReason;
import dev.acssync.vocabulary.RecordRejectedException;
import dev.acssync.record.RecordValidator;
import dev.acssync.record.SyncRecord;
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
    private final boolean customKeyAsId;

    @Autowired
    public AcsRequests(AcsProperties acs, CustomProfileKey customKey) {
        this.baseUrl = acs.baseUrl();
        this.origin = originOf(URI.create(baseUrl));
        this.customKeyPath = customKey.lookupPath();
        this.customKeyAsId = customKey.asId();
    }

    AcsRequests(String baseUrl) {
        this.baseUrl = baseUrl;
        this.origin = originOf(URI.create(baseUrl));
        this.customKeyPath = null;
        this.customKeyAsId = false;
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

    /**
     * The custom filter with a value no profile has (the preflight's check that ACS knows the filter: a misspelt one is
     * answered 500 "Oops"), or null when records name no custom key.
     */
    public String customFilterCheckUri() {
        return customKeyPath == null ? null : baseUrl + "profileAndServicesExt/profile/" + customKeyPath + "acs-orgunit-sync-preflight";
    }

    public String profileByCustomKeyUri(@Variable("record") SyncRecord record) {
        return baseUrl + "profileAndServicesExt/profile/" + customKeyPath + URLEncoder.encode(record.getCustomKey(), StandardCharsets.UTF_8);
    }

    public String profileUri(@Variable("record") SyncRecord record) {
        String pkey = record.getProfilePKey();
        if (pkey == null && customKeyAsId && record.getCustomKey() != null) {
            // the tenant's key is the profile's id (acs.custom-key.as-id): one path segment, percent-encoded; never a
            // segment a URL would resolve ('.', '..') nor one ACS would take for a PKey ('@...')
            String key = record.getCustomKey();
            if (key.equals(".") || key.equals("..") || key.startsWith("@")) {
                throw new RecordRejectedException(OutcomeReason.INVALID_RECORD, "custom key '" + key + "' cannot address a "
                        + "profile as its id (acs.custom-key.as-id): not '.', '..', nor starting with '@'");
            }
            return baseUrl + "profileAndServicesExt/profile/"
                    + URLEncoder.encode(record.getCustomKey(), StandardCharsets.UTF_8).replace("+", "%20");
        }
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
