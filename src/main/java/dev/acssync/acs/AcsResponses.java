package dev.acssync.acs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acssync.outcome.OutcomeReason;
import dev.acssync.outcome.RecordRejectedException;
import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Turns an ACS answer into a parsed body or into the right exception, following how ACS really fails:
 * 401 (after the retry with a fresh token in the route) and 403 mean the credentials are refused; 429 and 502/503/504 are transient; a 500 carrying an
 * {@code RST-}/{@code XTK-} code is ACS refusing this record (permanent), any other 500 is transient;
 * 404 on a profile means it does not exist; other 4xx are permanent.
 */
@Component("acsResponses")
public class AcsResponses {
    private static final Pattern ACS_ERROR_CODE = Pattern.compile("\\b(RST|XTK)-\\d+");

    private final AcsTokenProvider tokens;
    private final AcsAvailability availability;
    private final ObjectMapper json = new ObjectMapper();

    public AcsResponses(AcsTokenProvider tokens, AcsAvailability availability) {
        this.tokens = tokens;
        this.availability = availability;
    }

    /** Checks the answer of the call just made; on success the body becomes a {@link JsonNode}. */
    public void check(Exchange exchange) {
        var message = exchange.getMessage();
        // the token must not travel further with the message (logs, traces, dead letters)
        String usedAuthorization = message.removeHeader("Authorization") instanceof String s ? s : null;
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body = message.getBody(String.class);
        String call = exchange.getProperty("acsMethod", String.class) + " " + resourceOf(exchange.getProperty("acsUri", String.class));

        if (status != 401 && status != 403 && status != 429 && status < 500) {
            availability.success();
        }
        if (status >= 200 && status < 300) {
            try {
                message.setBody(body == null || body.isBlank() ? json.createObjectNode() : json.readTree(body));
            } catch (IOException e) {
                throw new AcsTransientException(call + " answered " + status + " with a body that is not JSON: " + abbreviate(body), status, null);
            }
            return;
        }
        String detail = call + " answered HTTP " + status + ": " + errorText(body);
        if (status == 401) {
            // already retried once with a fresh token (routes/acs-api.yaml): the credentials are refused
            tokens.invalidate(usedAuthorization);
            throw new AcsCredentialsException(detail + " (even with a fresh token)", status);
        }
        if (status == 403) {
            throw new AcsCredentialsException(detail, status);
        }
        if (status == 429 || status == 502 || status == 503 || status == 504) {
            throw new AcsTransientException(detail, status, retryAfterMillis(message.getHeader("Retry-After", String.class)));
        }
        if (status == 404 && call.contains("profile")) {
            throw new RecordRejectedException(OutcomeReason.PROFILE_NOT_FOUND, detail, status);
        }
        if (status >= 500 && !ACS_ERROR_CODE.matcher(body == null ? "" : body).find()) {
            throw new AcsTransientException(detail, status, null);
        }
        throw new RecordRejectedException(OutcomeReason.REJECTED_BY_ACS, detail, status);
    }

    /** "profile", "orgUnitBase" or "profile/byEmail": enough to name the call without echoing identifiers. */
    public static String resourceOf(String uri) {
        if (uri == null) {
            return "?";
        }
        if (uri.contains("/orgUnitBase")) {
            return "orgUnitBase";
        }
        return uri.contains("/profile/byEmail") ? "profile/byEmail" : "profile";
    }

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
