package dev.acssync.preflight;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acssync.acs.AcsCredentialsException;
import dev.acssync.acs.AcsMisconfiguredException;
import dev.acssync.acs.AcsServerErrorException;
import dev.acssync.acs.AcsTransientException;
import dev.acssync.acs.AcsUnreachableException;
import dev.acssync.acs.CustomProfileKey;
import dev.acssync.outcome.RunReport;
import dev.acssync.vocabulary.RecordRejectedException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What the last preflight found (routes/acs/preflight.camel.yaml runs it). Until one passes, the sources take
 * nothing and health ({@code sync/preflight}, dev.acssync.health.PreflightCheck) is DOWN with a sentence saying what
 * to fix; a failed preflight is run again on its schedule, so an ACS that was only down at start needs no restart.
 */
@Component("preflight")
public class Preflight {
    private static final Logger LOG = LoggerFactory.getLogger(Preflight.class);
    static final String REAL_TENANT_PAGE = "docs/real-tenant.md";

    /** Something that opens or closes with the preflight's result: the sources' gates. */
    interface Listener {
        void preflightChanged(boolean passed);
    }

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final CustomProfileKey customKey;
    private volatile boolean passed;
    private volatile String problem = "not run yet";
    private volatile Instant checkedAt;
    private volatile int units;
    /** A run's records said the set-up is wrong: no scheduled re-run, the operator's run (or a restart) decides. */
    private volatile boolean heldForOperator;

    public Preflight(CustomProfileKey customKey) {
        this.customKey = customKey;
    }

    void addListener(Listener listener) {
        listeners.add(listener);
    }

    public boolean isPassed() {
        return passed;
    }

    /**
     * The scheduled run is due while the preflight has not passed; once passed, only an operator runs it again, and
     * also after a run's records said the set-up is wrong ({@link #setupWrong}): the checks would pass again.
     */
    public boolean isDue() {
        return !passed && !heldForOperator;
    }

    /**
     * Step 4: the profile resource's metadata must list {@code orgUnit}, or no PATCH of it can succeed; and the
     * custom key's field under its API name (acs.custom-key.field), when records name profiles by one. A missing
     * field is named with the fields the resource does have that look like it: on a real tenant a custom field
     * carries the {@code cus} prefix ({@code cusCrmId}, not the CRM's {@code crmId}).
     */
    public void requireFields(JsonNode profileResourceType) {
        JsonNode fields = profileResourceType.path("content");
        if (!fields.has("orgUnit")) {
            throw new PreflightFailedException("the profile resource has no orgUnit field: in Campaign, extend the "
                    + "profile resource with the access-authorization fields and publish it (" + REAL_TENANT_PAGE + ")");
        }
        if (customKey.isUsed() && !fields.has(customKey.field())) {
            List<String> alike = LookAlikeFields.of(customKey.field(), customKey.column(), fields.fieldNames());
            throw new PreflightFailedException("the profile resource has no field '" + customKey.field() + "' (acs.custom-"
                    + "key.field)" + (alike.isEmpty() ? "" : "; it has " + String.join(", ", alike) + ": set acs.custom-key.field to"
                    + " the one that holds the key (custom fields start with 'cus')") + "; the field must be on the extended "
                    + "profile resource, with its custom filter, and published (" + REAL_TENANT_PAGE + ")");
        }
    }

    public synchronized void passed(int unitsListed) {
        boolean was = passed;
        heldForOperator = false;
        units = unitsListed;
        checkedAt = Instant.now();
        problem = null;
        passed = true;
        if (!was) {
            LOG.info("Preflight passed: token, organization, {} org units, profile resource with orgUnit. The sources start.", unitsListed);
            listeners.forEach(l -> l.preflightChanged(true));
        }
    }

    /** A step failed: say what to fix, and close the sources' gates (a run already going on finishes). */
    public synchronized void failed(String step, Exception e) {
        boolean was = passed;
        heldForOperator = false;
        checkedAt = Instant.now();
        problem = step + ": " + whatToFix(e);
        passed = false;
        LOG.warn("Preflight failed, no file or message is taken until it passes: {}", problem);
        if (was) {
            listeners.forEach(l -> l.preflightChanged(false));
        }
    }

    /**
     * A file's run stopped early because every one of its first records got a server error without an ACS code
     * (routes/pipeline/process-file.camel.yaml, step setup-is-wrong): the set-up is most likely wrong, and every next
     * file would spend its calls the same way. The sources close as for a failed preflight, health says why, and the
     * preflight is not run again on its schedule (its checks would pass): an operator runs it once the set-up is fixed.
     */
    public synchronized void setupWrong(@ExchangeProperty("run") RunReport run) {
        boolean was = passed;
        checkedAt = Instant.now();
        problem = "records of " + run.getSource() + ": " + run.getStopReason() + "; once fixed, run the preflight again: Hawtio > JMX > dev.acssync > "
                + "preflight > run() (or restart)";
        passed = false;
        heldForOperator = true;
        LOG.error("No file or message is taken until an operator runs the preflight again: {}", problem);
        if (was) {
            listeners.forEach(l -> l.preflightChanged(false));
        }
    }

    /** One sentence an operator can act on, from the failure of a preflight step. */
    static String whatToFix(Exception e) {
        String answer = e.getMessage();
        if (e instanceof PreflightFailedException) {
            return answer;
        }
        if (e instanceof AcsCredentialsException) {
            return "ACS refused the credentials; check acs.client-id, ACS_CLIENT_SECRET and acs.ims.scope, and that the "
                    + "Developer Console project has the Campaign API (" + answer + ")";
        }
        if (e instanceof AcsMisconfiguredException) {
            // a JSON 502 "Oops" (AcsAnswers.tenantNotSetUp): its message says what to check
            return "ACS's gateway says the tenant is not set up for the API: " + answer;
        }
        if (e instanceof AcsUnreachableException || e instanceof AcsTransientException) {
            return "ACS could not be used now; check the network, acs.ims.token-url and acs.base-url (a wrong "
                    + "organization can be answered 502); the preflight runs again on its own (" + answer + ")";
        }
        if (e instanceof AcsServerErrorException && answer.contains("profile/by")) {
            // the custom filter's check (step 2): ACS answers a path it does not know with a 500 "Oops"
            return "ACS does not know the custom filter; check acs.custom-key.filter, spelt as the API shows it ("
                    + REAL_TENANT_PAGE + ", item 4) (" + answer + ")";
        }
        if (e instanceof AcsServerErrorException || e instanceof RecordRejectedException) {
            // Adobe answers a wrong organization in the URL with a 400, or a 500/502 "Oops" without a code
            return "ACS refused the call; check acs.organization (the tenant id in https://mc.adobe.io/<organization>/campaign/)"
                    + " and that profileAndServicesExt exists (" + answer + ")";
        }
        return answer;
    }

    /** The last problem found, or null when the preflight passed. */
    public String problem() {
        return problem;
    }

    /** When the preflight last ran, or null before its first run. */
    public Instant checkedAt() {
        return checkedAt;
    }

    /** The org units the last passed preflight listed. */
    public int orgUnits() {
        return units;
    }
}
