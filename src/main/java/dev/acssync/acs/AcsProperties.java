package dev.acssync.acs;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The ACS tenant, the service's credentials and how it calls ACS ({@code acs.*}). Every value is set in
 * config/application.properties (the sandbox) or config/application-adobe.properties (a real tenant).
 *
 * @param organization the ACS organization id: the path segment of {@code mc.adobe.io/<ORGANIZATION>/campaign/}
 * @param baseUrl {@code .../<ORGANIZATION>/campaign/}, ending with '/': the token is sent to its origin only
 * @param clientId the OAuth client id (env {@code ACS_CLIENT_ID}), also sent as {@code X-Api-Key}
 * @param clientSecret the OAuth client secret: from the environment ({@code ACS_CLIENT_SECRET}), never a file
 * @param concurrency records of files processed in parallel (ACS calls in flight), shared by every file (the JMS
 *                    queue has four workers of its own; the rate limit is shared by all)
 * @param ims the IMS token endpoint
 * @param http ACS's answers
 * @param rateLimit the ceiling on ACS requests
 * @param orgUnits the cached org-unit directory
 * @param retry when a call that found ACS unavailable is tried again
 * @param outage when ACS counts as down as a whole
 * @param health the idle-time probe
 * @param preflight the checks of the tenant before the sources start
 * @param pkeyRecords records naming their profile by PKey
 * @param customKey the custom filter that finds a profile by the tenant's own key (sync.record.custom-key-field)
 */
@ConfigurationProperties("acs")
public record AcsProperties(String organization, String baseUrl, String clientId, String clientSecret, int concurrency,
                            Ims ims, Http http, RateLimit rateLimit, OrgUnits orgUnits, Retry retry, Outage outage,
                            Health health, Preflight preflight, PkeyRecords pkeyRecords, CustomKey customKey) {

    /**
     * IMS, Adobe's token endpoint (OAuth server-to-server, client_credentials).
     *
     * @param tokenUrl the token endpoint
     * @param scope comma-separated scopes, as the Developer Console shows them (env {@code ACS_SCOPE})
     * @param refreshMargin renew the token this long before it expires (at most a quarter of its lifetime)
     */
    public record Ims(String tokenUrl, String scope, Duration refreshMargin) {
    }

    /**
     * @param responseTimeout how long the token endpoint may take to answer (ACS calls: camel.component.http.*)
     */
    public record Http(Duration responseTimeout) {
    }

    /**
     * @param requestsPerSecond ACS requests per second, all sources and retries together, in any second (0 = no
     *        limit); ACS limits are contractual
     */
    public record RateLimit(double requestsPerSecond) {
        /** The rate, checked: 0 (no limit) or between {@link AcsRate#MIN} and {@link AcsRate#MAX}. */
        public AcsRate rate() {
            return new AcsRate(requestsPerSecond);
        }
    }

    /**
     * @param pageSize {@code _lineCount} when listing orgUnitBase
     * @param refreshCron Quartz cron of the directory's reload (read by routes/acs/org-unit-directory.camel.yaml)
     * @param minRefreshInterval a record naming an unknown unit reloads the directory at most once per interval
     */
    public record OrgUnits(int pageSize, String refreshCron, Duration minRefreshInterval) {
    }

    /**
     * The redelivery of a call that found ACS unavailable (read by routes/error-handling/record-errors.camel.yaml,
     * which also holds the back-off multiplier: Camel's YAML schema wants a number there, not a placeholder).
     *
     * @param giveUpAfter a call still failing this long after its first fault ends as RETRIES_EXHAUSTED
     * @param initialDelayMs the first back-off delay
     * @param maxDelayMs the longest back-off delay
     * @param maxRetryAfterMs a Retry-After longer than this is capped
     * @param serverErrorRetries a server error without an ACS error code (ACS answers, but fails the call) is tried
     *                           again this many times, with the same back-off, then ends as ACS_SERVER_ERROR
     */
    public record Retry(Duration giveUpAfter, long initialDelayMs, long maxDelayMs, long maxRetryAfterMs,
                        int serverErrorRetries) {
    }

    /**
     * @param threshold this many faults in a row, with no success between, mean ACS is down: records wait for it
     */
    public record Outage(int threshold) {
    }

    /**
     * @param probeIntervalMs when no call answered for this long, probe ACS (a token plus one cheap GET)
     */
    public record Health(long probeIntervalMs) {
    }

    /**
     * @param retryIntervalMs the preflight (token, organization, org-unit listing, the profile resource's orgUnit
     *                        field) runs at start and, until it passes, again this often; no file or message is taken
     *                        before it passes
     */
    public record Preflight(long retryIntervalMs) {
    }

    /**
     * @param checkFirst read the profile first (GET profile/&lt;PKey&gt;) and PATCH only when its unit differs: one call
     *                   more per row that changes, one PATCH less per row that does not; for files where most rows do
     *                   not change
     */
    public record PkeyRecords(boolean checkFirst) {
    }

    /**
     * The tenant's own profile key on the ACS side, used when sync.record.custom-key-field names a column (see
     * {@link CustomProfileKey}): the field, and the custom filter an ACS administrator defined on the extended profile
     * resource ({@code GET profileAndServicesExt/profile/<filter>?<parameter>=<value>}).
     *
     * @param field the field's API name as the resource's metadata shows it, e.g. cusCrmId (custom fields carry 'cus')
     * @param filter the filter's name as the API shows it, e.g. byCrmId
     * @param parameter its parameter as ACS names it, e.g. crmId_parameter
     * @param asId the profile resource declares this key as its id (Adobe's "must-read" page, custom keys):
     *             {@code …/profile/<key>} addresses the profile, so a record is PATCHed there with no filter call
     *             (the filter and its parameter are then not needed)
     */
    public record CustomKey(String field, String filter, String parameter, boolean asId) {
    }
}
