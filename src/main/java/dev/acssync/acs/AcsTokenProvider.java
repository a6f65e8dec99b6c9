package dev.acssync.acs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Adobe IMS OAuth server-to-server tokens (client_credentials). IMS issues no refresh token, so the token is cached
 * and a new one is requested shortly before {@code expires_in} runs out, or after ACS answers 401. One request at a
 * time: concurrent records wait for the same token instead of each asking for one. The secret is never logged.
 */
@Component("acsTokenProvider")
public class AcsTokenProvider {
    private static final Logger LOG = LoggerFactory.getLogger(AcsTokenProvider.class);

    private final URI tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final String scope;
    private final Duration refreshMargin;
    private final Duration timeout;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final Clock clock = Clock.systemUTC();
    private final AtomicLong tokensIssued = new AtomicLong();
    private final AcsAvailability availability;

    private String token;
    private Instant refreshAt = Instant.MIN;

    public AcsTokenProvider(AcsAvailability availability, AcsCallMetrics metrics, AcsProperties acs) {
        this.tokenUrl = URI.create(acs.ims().tokenUrl());
        this.clientId = acs.clientId();
        this.clientSecret = acs.clientSecret();
        this.scope = acs.ims().scope() == null ? "" : acs.ims().scope();
        this.refreshMargin = acs.ims().refreshMargin();
        this.timeout = acs.http().responseTimeout();
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.availability = availability;
        metrics.tokens(this);
    }

    /**
     * The value of the {@code Authorization} header for the next ACS call. When IMS cannot give one, that is a fault of
     * ACS as a whole (unreachable, or the credentials refused): {@link AcsAvailability} hears of it.
     */
    public synchronized String authorizationHeader() {
        if (token == null || !clock.instant().isBefore(refreshAt)) {
            try {
                fetch();
            } catch (AcsTransientException e) {
                availability.fault(e);
                throw e;
            }
        }
        return "Bearer " + token;
    }

    /**
     * Which token an {@code Authorization} header carries, as a number (routes keep this, never the token): the
     * current token's, or -1 for another.
     */
    public synchronized long idOf(@Header("Authorization") String authorizationHeader) {
        return token != null && ("Bearer " + token).equals(authorizationHeader) ? tokensIssued.get() : -1;
    }

    /** ACS refused the token with this id (see {@link #idOf}): forget it, unless another thread already replaced it. */
    public synchronized void invalidate(long tokenId) {
        if (token != null && tokenId == tokensIssued.get()) {
            token = null;
        }
    }

    /** How many tokens were obtained since start (a metric; a high number means tokens die early). */
    public long tokensIssued() {
        return tokensIssued.get();
    }

    private void fetch() {
        String form = "grant_type=client_credentials"
                + "&client_id=" + encode(clientId)
                + "&client_secret=" + encode(clientSecret)
                + (scope.isBlank() ? "" : "&scope=" + encode(scope));
        HttpRequest request = HttpRequest.newBuilder(tokenUrl)
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AcsUnreachableException("IMS token endpoint " + tokenUrl + " unreachable: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AcsTransientException("interrupted while asking IMS for a token", null, null);
        }
        int status = response.statusCode();
        if (status != 200) {
            String detail = "IMS token endpoint answered HTTP " + status + ": " + AcsAnswers.abbreviate(response.body());
            if (status >= 500 || status == 429) {
                throw new AcsTransientException(detail, status, null);
            }
            throw new AcsCredentialsException(detail + " (check acs.client-id, ACS_CLIENT_SECRET and acs.ims.scope)", status);
        }
        try {
            JsonNode body = json.readTree(response.body());
            token = body.path("access_token").asText(null);
            long expiresIn = body.path("expires_in").asLong(86399);
            if (token == null) {
                throw new AcsTransientException("IMS answered 200 without an access_token", status, null);
            }
            // renew before expiry: the configured margin, but never more than a quarter of a short lifetime
            Duration margin = refreshMargin.compareTo(Duration.ofSeconds(expiresIn / 4)) < 0 ? refreshMargin
                    : Duration.ofMillis(expiresIn * 1000 / 4);
            refreshAt = clock.instant().plusSeconds(expiresIn).minus(margin);
            tokensIssued.incrementAndGet();
            LOG.info("Obtained an IMS access token valid for {} s (renewal at {})", expiresIn, refreshAt);
        } catch (IOException e) {
            throw new AcsTransientException("IMS answered with an unreadable token response", status, null);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
