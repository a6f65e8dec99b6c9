package dev.acssync.acs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acssync.vocabulary.OutcomeReason;
import dev.acssync.vocabulary.RecordRejectedException;
import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;

/**
 * What each kind of ACS answer becomes, once routes/acs/acs-call.camel.yaml has said which kind it is: the parsed
 * body, or the exception its kind calls for, with a detail naming the call, the status and ACS's message. Each also
 * tells {@link AcsAvailability} whether ACS answered usefully or failed, and counts faults for the metrics.
 */
@Component("acsAnswers")
public class AcsAnswers {
    private static final String STATUS = "header:acsAnswer.CamelHttpResponseCode";
    private static final String PROFILE_PATH = "/profileAndServicesExt/profile/";

    private final AcsAvailability availability;
    private final RetryBudget retryBudget;
    private final AcsCallMetrics metrics;
    private final ObjectMapper json = new ObjectMapper();

    public AcsAnswers(AcsAvailability availability, RetryBudget retryBudget, AcsCallMetrics metrics) {
        this.availability = availability;
        this.retryBudget = retryBudget;
        this.metrics = metrics;
    }

    /** 2xx: the body as JSON (an empty body as an empty object). */
    public JsonNode success(@Variable("acsAnswer") String body, @Variable(STATUS) int status,
                            @Variable("acsMethod") Object method, @Variable("acsUri") String uri) {
        try {
            JsonNode parsed = body == null || body.isBlank() ? json.createObjectNode() : json.readTree(body);
            availability.success();
            return parsed;
        } catch (IOException e) {
            throw fault(new AcsTransientException(call(method, uri) + " answered " + status + " with a body that is not JSON: "
                    + abbreviate(body), status, null));
        }
    }

    /** 401 even with a fresh token, or 403: the service's credentials are refused. */
    public void credentialsRefused(@Variable("acsAnswer") String body, @Variable(STATUS) int status,
                                   @Variable("acsMethod") Object method, @Variable("acsUri") String uri) {
        String detail = detail(method, uri, status, body);
        throw fault(new AcsCredentialsException(status == 401 ? detail + " (even with a fresh token)" : detail, status));
    }

    /** 429, 502/503/504: ACS is unavailable for now. Retry-After is kept for the delay. */
    public void unavailable(@Variable("acsAnswer") String body, @Variable(STATUS) int status,
                            @Variable("acsMethod") Object method, @Variable("acsUri") String uri, Exchange exchange) {
        String retryAfter = answerHeader(exchange, "Retry-After");
        throw fault(new AcsTransientException(detail(method, uri, status, body), status, retryAfterMillis(retryAfter)));
    }

    /**
     * A JSON 502 "Oops" from Adobe's gateway: Adobe documents it as a tenant not set up for the API (its CNAME), which
     * no retry fixes. A configuration error: records wait, health is DOWN naming it, until an answer succeeds again.
     */
    public void tenantNotSetUp(@Variable("acsAnswer") String body, @Variable(STATUS) int status,
                               @Variable("acsMethod") Object method, @Variable("acsUri") String uri) {
        throw fault(new AcsMisconfiguredException(detail(method, uri, status, body) + " (Adobe's gateway answers so when the"
                + " tenant is not set up for the API: check acs.base-url and acs.organization, then the tenant's API access;"
                + " see docs/real-tenant.md)", status));
    }

    /**
     * Another 5xx without an ACS error code: ACS answered, but failed this call without saying why. Not an outage
     * (health names it, ACS is not declared down); the record's policy tries it a few times, then dead-letters it.
     */
    public void serverError(@Variable("acsAnswer") String body, @Variable(STATUS) int status,
                            @Variable("acsMethod") Object method, @Variable("acsUri") String uri, Exchange exchange) {
        String detail = detail(method, uri, status, body);
        int tries = retryBudget.serverError(exchange);
        availability.serverError(detail);
        throw new AcsServerErrorException(detail, status, tries);
    }

    /** An HTTP header of the answer: kept as a variable, under the name as the server spelled it (any case). */
    private static String answerHeader(Exchange exchange, String name) {
        String key = "header:acsAnswer." + name;
        for (var variable : exchange.getVariables().entrySet()) {
            if (variable.getKey().equalsIgnoreCase(key)) {
                return String.valueOf(variable.getValue());
            }
        }
        return null;
    }

    /** No answer at all (the HTTP client's I/O exception): ACS is unavailable for now. */
    public void unreachable(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception e,
                            @Variable("acsMethod") Object method, @Variable("acsUri") String uri) {
        throw fault(new AcsUnreachableException(call(method, uri) + " got no answer: " + e));
    }

    /** 404 on a profile, or ACS saying its key "is not a valid constant": it does not exist. ACS answered: it is usable. */
    public void profileNotFound(@Variable("acsAnswer") String body, @Variable(STATUS) int status,
                                @Variable("acsMethod") Object method, @Variable("acsUri") String uri) {
        availability.success();
        throw new RecordRejectedException(OutcomeReason.PROFILE_NOT_FOUND, detail(method, uri, status, body), status);
    }

    /**
     * ACS answered a call on one profile ({@code …/profile/<PKey>}) with "'&lt;that PKey&gt;' is not a valid constant":
     * what Adobe's SDK tests show for a made-up key. Only when the message quotes the key the URI names, so a value of
     * the body that ACS finds invalid is not taken for an unknown profile.
     */
    public boolean saysTheProfileKeyIsNotAValidConstant(@Variable("acsAnswer") String body, @Variable(STATUS) int status,
                                                       @Variable("acsUri") String uri) {
        if (status < 400 || body == null || uri == null) {
            return false;
        }
        int at = uri.indexOf(PROFILE_PATH);
        if (at < 0) {
            return false;
        }
        String key = uri.substring(at + PROFILE_PATH.length());
        int end = key.indexOf('?');
        key = end < 0 ? key : key.substring(0, end);
        return key.startsWith("@") && !key.contains("/") && body.contains("'" + key + "' is not a valid constant");
    }

    /** Another 4xx, or a 5xx carrying an ACS error code (RST-, XTK-, PGS-...): ACS refused this record. ACS answered: it is usable. */
    public void rejected(@Variable("acsAnswer") String body, @Variable(STATUS) int status,
                         @Variable("acsMethod") Object method, @Variable("acsUri") String uri) {
        availability.success();
        throw new RecordRejectedException(OutcomeReason.REJECTED_BY_ACS, detail(method, uri, status, body), status);
    }

    private AcsTransientException fault(AcsTransientException e) {
        availability.fault(e);
        metrics.transientFault();
        return e;
    }

    /** "PATCH profile", "GET orgUnitBase": names the call without echoing identifiers. */
    static String call(Object method, String uri) {
        return method + " " + resourceOf(uri);
    }

    private String detail(Object method, String uri, int status, String body) {
        return call(method, uri) + " answered HTTP " + status + ": " + errorText(body);
    }

    /** "profile", "orgUnitBase", "profile/byEmail" or "profile/&lt;custom filter&gt;": the call, without its values. */
    public static String resourceOf(String uri) {
        if (uri == null) {
            return "?";
        }
        if (uri.contains("/orgUnitBase")) {
            return "orgUnitBase";
        }
        int filter = uri.indexOf(PROFILE_PATH + "by");
        if (filter >= 0) {
            // a filter's name (checked at start: letters, digits, '_'), never the value it is given
            String name = uri.substring(filter + PROFILE_PATH.length()).split("[?/]", 2)[0];
            return "profile/" + (name.matches("by[A-Za-z0-9_]{1,60}") ? name : "by…");
        }
        return "profile";
    }

    /** ACS's and its gateway's JSON errors ({@code error_code} and {@code message}); any other text as it is. */
    private String errorText(String body) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        try {
            JsonNode node = json.readTree(body);
            if (node.hasNonNull("message")) {
                String code = node.path("error_code").asText("");
                return (code.isEmpty() ? "" : code + " ") + node.get("message").asText();
            }
        } catch (IOException notJson) {
            // ACS and its gateway sometimes answer in plain text or HTML: keep the text
        }
        return abbreviate(body);
    }

    /** Retry-After as seconds or as an HTTP date; null when absent or unreadable. */
    static Long retryAfterMillis(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Math.max(0, Long.parseLong(value.trim())) * 1000;
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(0, Duration.between(ZonedDateTime.now(at.getZone()), at).toMillis());
            } catch (RuntimeException notDate) {
                return null;
            }
        }
    }

    static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 500 ? oneLine.substring(0, 500) + "..." : oneLine;
    }
}
