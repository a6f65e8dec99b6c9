package dev.acssync.acs;

import dev.acssync.TestSettings;
import dev.acssync.sandbox.AcsSandbox;
import dev.acssync.sandbox.SandboxSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * IMS's documented errors, as the sandbox answers them over real HTTP with the shipped settings, and what each becomes:
 * a refused client or scope is a configuration error (records wait, health names it), IMS unavailable a passing fault.
 */
class ImsAnswersTest {
    private AcsSandbox sandbox;
    private AcsAvailability availability;
    private AcsTokenProvider tokens;

    @BeforeEach
    void start() throws Exception {
        sandbox = new AcsSandbox(SandboxSettings.defaults().withPort(0));
        sandbox.start();
        Properties toTheSandbox = new Properties();
        toTheSandbox.setProperty("acs.ims.token-url", sandbox.baseUrl() + "/ims/token/v3");
        AcsProperties acs = TestSettings.acs(toTheSandbox);
        availability = new AcsAvailability(acs);
        tokens = new AcsTokenProvider(availability, new AcsCallMetrics(new SimpleMeterRegistry()), acs);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private void faults(String json) throws Exception {
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/sandbox/faults"))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theShippedSettingsGetATokenWithTheScopeImsRequires() {
        assertThat(tokens.authorizationHeader()).startsWith("Bearer sandbox.");
        assertThat(availability.isDown()).isFalse();
    }

    @Test
    void aRefusedClientOrScopeIsAConfigurationErrorNamingWhatToCheck() throws Exception {
        faults("{\"nextTokenInvalidClient\": 1, \"nextTokenInvalidScope\": 1}");

        assertThatThrownBy(tokens::authorizationHeader).isInstanceOf(AcsCredentialsException.class)
                .hasMessageContaining("IMS token endpoint answered HTTP 400").hasMessageContaining("invalid_client")
                .hasMessageContaining("check acs.client-id, ACS_CLIENT_SECRET and acs.ims.scope")
                .hasMessageNotContaining("sandbox-secret");
        assertThat(availability.downReason()).startsWith("credentials refused: IMS token endpoint answered HTTP 400");
        assertThatThrownBy(tokens::authorizationHeader).isInstanceOf(AcsCredentialsException.class)
                .hasMessageContaining("invalid_scope");

        assertThat(tokens.authorizationHeader()).as("fixed: the next request gets one").startsWith("Bearer ");
    }

    @Test
    void imsUnavailableIsAPassingFaultNotARefusal() throws Exception {
        faults("{\"nextToken503\": 1}");

        assertThatThrownBy(tokens::authorizationHeader).isInstanceOf(AcsTransientException.class)
                .isNotInstanceOf(AcsMisconfiguredException.class).hasMessageContaining("HTTP 503");
        assertThat(availability.isDown()).as("one fault is no outage (acs.outage.threshold)").isFalse();
        assertThat(tokens.authorizationHeader()).startsWith("Bearer ");
    }
}
