package dev.acssync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The sandbox on its own, over real HTTP: what docs/sandbox.md promises a user who calls it by hand. */
class AcsSandboxTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private AcsSandbox sandbox;
    private String campaign;

    @BeforeEach
    void start() throws Exception {
        sandbox = new AcsSandbox(SandboxSettings.defaults().withPort(0));
        sandbox.start();
        campaign = sandbox.baseUrl() + "/sandbox-org/campaign/profileAndServicesExt/";
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private HttpResponse<String> send(String method, String url, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token).header("X-Api-Key", "sandbox-client")
                    .header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String token() throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/ims/token/v3"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=sandbox-client&client_secret=sandbox-secret&scope=openid"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        return JSON.readTree(answer.body()).path("access_token").asText();
    }

    @Test
    void aPageOfAnotherOriginOrAnotherHostNameCannotChangeTheSandbox() throws Exception {
        int port = sandbox.port();
        String faults = "{\"share503\": 1}";
        // a cross-site text/plain POST (no preflight) from a page elsewhere
        assertThat(dev.acssync.RawHttp.status(port, "POST", "/sandbox/faults", faults, "Host: 127.0.0.1:" + port,
                "Origin: http://evil.example", "Content-Type: text/plain")).isEqualTo(403);
        // DNS rebinding: the page's own name as Host, its own origin
        assertThat(dev.acssync.RawHttp.status(port, "POST", "/sandbox/reset", "", "Host: rebind.evil.example:" + port,
                "Origin: http://rebind.evil.example:" + port)).isEqualTo(403);
        assertThat(dev.acssync.RawHttp.status(port, "GET", "/sandbox/stats", null, "Host: rebind.evil.example")).isEqualTo(403);
        assertThat(JSON.readTree(send("GET", sandbox.baseUrl() + "/sandbox/faults", null, null).body()).path("share503").asDouble())
                .as("nothing changed").isZero();
        // scripts (no Origin) and the sandbox's own pages still work
        assertThat(dev.acssync.RawHttp.status(port, "POST", "/sandbox/faults", "{\"share503\": 0}", "Host: localhost:" + port))
                .isEqualTo(200);
        assertThat(dev.acssync.RawHttp.status(port, "POST", "/sandbox/faults", "{\"share503\": 0}", "Host: 127.0.0.1:" + port,
                "Origin: http://127.0.0.1:" + port)).isEqualTo(200);
    }

    @Test
    void theOrgUnitsARecordMayNameAreListedWithoutAToken() throws Exception {
        JsonNode units = JSON.readTree(send("GET", sandbox.baseUrl() + "/sandbox/org-units", null, null).body());

        assertThat(units).hasSize(35);
        assertThat(units.get(0).path("name").asText()).isEqualTo("all");
        JsonNode brand4 = units.get(4);
        assertThat(brand4.path("name").asText()).isEqualTo("brand4");
        assertThat(brand4.path("label").asText()).as("a record may name it by its label too").isEqualTo("Brand 4");
        assertThat(brand4.path("title").asText()).as("as in Adobe's sample: titles are not reliable").isEqualTo("Brand 4 (brand1)");
        assertThat(brand4.path("PKey").asText()).startsWith("@");
    }

    @Test
    void theDocumentedProcedureWorksByHandAndNeedsAToken() throws Exception {
        HttpResponse<String> anonymous = send("GET", campaign + "orgUnitBase/", null, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("401013");

        String token = token();
        JsonNode first = JSON.readTree(send("GET", campaign + "orgUnitBase/", token, null).body());
        assertThat(first.path("content")).hasSize(25);
        JsonNode second = JSON.readTree(send("GET", first.path("next").path("href").asText(), token, null).body());
        assertThat(second.path("content")).hasSize(10);
        assertThat(second.has("next")).isFalse();

        String brand2 = first.path("content").get(2).path("PKey").asText();
        JsonNode profile = JSON.readTree(send("GET", campaign + "profile/byEmail?email=alice.martin%40example.com", token, null).body())
                .path("content").get(0);
        HttpResponse<String> patch = send("PATCH", campaign + "profile/" + profile.path("PKey").asText(), token,
                "{\"orgUnit\":{\"PKey\":\"" + brand2 + "\"}}");
        assertThat(patch.statusCode()).isEqualTo(200);

        JsonNode profiles = JSON.readTree(send("GET", sandbox.baseUrl() + "/sandbox/profiles", null, null).body());
        assertThat(profiles.findValuesAsText("orgUnit")).contains("brand2");
    }

    @Test
    void imsGrantsNoTokenWithoutAScopeThatHasOpenid() throws Exception {
        for (String form : new String[] {"", "&scope=", "&scope=AdobeID"}) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/ims/token/v3"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "grant_type=client_credentials&client_id=sandbox-client&client_secret=sandbox-secret" + form))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(form).isEqualTo(400);
            assertThat(JSON.readTree(answer.body()).path("error").asText()).isEqualTo("invalid_scope");
        }
    }

    @Test
    void aTooManyRequestsAnswerCarriesNoRetryAfterUnlessAsked() throws Exception {
        send("POST", sandbox.baseUrl() + "/sandbox/faults", null, "{\"next429\": 1}");
        HttpResponse<String> limited = send("GET", campaign + "orgUnitBase/", token(), null);

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).as("ACS documents none").isEmpty();
    }

    @Test
    void countedFaultsAnswerTheNextCallsThenStop() throws Exception {
        send("POST", sandbox.baseUrl() + "/sandbox/faults", null, "{\"next503\": 1, \"next429\": 1, \"retryAfterSeconds\": 2}");
        String token = token();

        HttpResponse<String> first = send("GET", campaign + "orgUnitBase/", token, null);
        HttpResponse<String> second = send("GET", campaign + "orgUnitBase/", token, null);
        HttpResponse<String> third = send("GET", campaign + "orgUnitBase/", token, null);

        assertThat(java.util.List.of(first.statusCode(), second.statusCode())).containsExactlyInAnyOrder(429, 503);
        HttpResponse<String> limited = first.statusCode() == 429 ? first : second;
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(third.statusCode()).isEqualTo(200);
    }

    @Test
    void theRealTenantsAnswersAreThereToo() throws Exception {
        String token = token();

        // a wrong organization: 400 on a cold start, 500 once warm, as Adobe's SDK tests show
        String otherOrg = sandbox.baseUrl() + "/other-org/campaign/profileAndServicesExt/orgUnitBase/";
        HttpResponse<String> cold = send("GET", otherOrg, token, null);
        assertThat(cold.statusCode()).isEqualTo(400);
        assertThat(cold.body()).doesNotContain("RST-", "XTK-", "other-org");
        HttpResponse<String> wrongOrganization = send("GET", otherOrg, token, null);
        assertThat(wrongOrganization.statusCode()).isEqualTo(500);
        assertThat(wrongOrganization.body()).startsWith("{").contains("Oops. Something went wrong").doesNotContain("RST-", "XTK-");

        JsonNode unit = JSON.readTree(send("GET", sandbox.baseUrl() + "/sandbox/org-units", null, null).body()).get(4);
        JsonNode one = JSON.readTree(send("GET", campaign + "orgUnitBase/" + unit.path("PKey").asText(), token, null).body());
        assertThat(one.path("name").asText()).isEqualTo("brand4");
        assertThat(one.path("label").asText()).isEqualTo("Brand 4");

        // Adobe's names: a custom field carries cus, ACS names a filter's parameter <name>_parameter
        JsonNode byCrmId = JSON.readTree(send("GET", campaign + "profile/byCrmId?crmId_parameter=CRM-0001", token, null).body()).path("content");
        assertThat(byCrmId).as("a custom filter on a custom field, exact").hasSize(1);
        assertThat(byCrmId.get(0).path("email").asText()).isEqualTo("alice.martin@example.com");
        assertThat(byCrmId.get(0).path("cusCrmId").asText()).isEqualTo("CRM-0001");
        assertThat(byCrmId.get(0).has("crmId")).isFalse();
        assertThat(JSON.readTree(send("GET", campaign + "profile/byCrmId?crmId_parameter=crm-0001", token, null).body()).path("content")).isEmpty();
        assertThat(JSON.readTree(send("GET", campaign + "profile/byCrmId?crmId=CRM-0001", token, null).body()).path("content"))
                .as("the parameter under the CRM's name is not the filter's").isEmpty();

        JsonNode extended = JSON.readTree(send("GET", campaign + "resourceType/profile", token, null).body());
        assertThat(extended.path("content").path("orgUnit").path("resTarget").asText()).isEqualTo("orgUnitBase");
        assertThat(extended.path("content").has("email")).isTrue();
        assertThat(extended.path("content").has("cusCrmId")).isTrue();
        assertThat(extended.path("content").has("crmId")).isFalse();

        String byEmail = campaign + "profile/byEmail?email=Alice.Martin%40example.com";
        assertThat(JSON.readTree(send("GET", byEmail, token, null).body()).path("content")).as("exact, as ACS documents searches").isEmpty();
        send("POST", sandbox.baseUrl() + "/sandbox/faults", null, "{\"emailMatch\": \"ignore-case\", \"orgUnitField\": false}");
        JsonNode found = JSON.readTree(send("GET", byEmail, token, null).body()).path("content");
        assertThat(found).hasSize(1);
        assertThat(found.get(0).has("orgUnit")).as("a profile resource not extended has no orgUnit").isFalse();
        JsonNode notExtended = JSON.readTree(send("GET", campaign + "resourceType/profile", token, null).body());
        assertThat(notExtended.path("content").has("orgUnit")).as("nor does its metadata").isFalse();
        assertThat(notExtended.path("content").has("email")).isTrue();
        HttpResponse<String> patch = send("PATCH", campaign + "profile/" + found.get(0).path("PKey").asText(), token,
                "{\"orgUnit\":{\"PKey\":\"" + unit.path("PKey").asText() + "\"}}");
        assertThat(patch.statusCode()).isEqualTo(500);
        assertThat(patch.body()).doesNotContain("RST-", "XTK-");

        HttpResponse<String> wrongValue = send("POST", sandbox.baseUrl() + "/sandbox/faults", null, "{\"emailMatch\": \"fuzzy\"}");
        assertThat(wrongValue.statusCode()).isEqualTo(400);
        assertThat(wrongValue.body()).contains("emailMatch is 'exact' or 'ignore-case', not 'fuzzy'");

        send("POST", sandbox.baseUrl() + "/sandbox/faults", null, "{\"next502\": 1}");
        HttpResponse<String> gateway = send("GET", campaign + "orgUnitBase/", token, null);
        assertThat(gateway.statusCode()).isEqualTo(502);
        assertThat(gateway.body()).contains("502 Bad Gateway");
    }

    @Test
    void aMisspeltResourcePathIsAFiveHundredOopsNotANotFound() throws Exception {
        String token = token();
        for (String path : new String[] {"profileAndServicesExt/profil/@x", "profileAndServiceExt/profile/byEmail?email=a%40b.c",
                "profileAndServicesExt/profile/byCrmid?crmId_parameter=CRM-0001", "profileAndServicesExt/resourceType/profil"}) {
            HttpResponse<String> answer = send("GET", sandbox.baseUrl() + "/sandbox-org/campaign/" + path, token, null);
            assertThat(answer.statusCode()).as(path).isEqualTo(500);
            assertThat(JSON.readTree(answer.body()).path("message").asText()).as(path)
                    .isEqualTo("Oops. Something went wrong. Check your URI and try again.");
        }
        assertThat(send("GET", sandbox.baseUrl() + "/sandbox-org/campaign/profileAndServicesExt/profil/", null, null).statusCode())
                .as("a caller without a token is refused first").isEqualTo(401);
    }

    @Test
    void theGatewaysJsonOopsAndTheUnknownKeysOtherAnswerAreNamedFaults() throws Exception {
        String token = token();
        send("POST", sandbox.baseUrl() + "/sandbox/faults", null, "{\"next502Oops\": 1}");
        HttpResponse<String> oops = send("GET", campaign + "orgUnitBase/", token, null);
        assertThat(oops.statusCode()).isEqualTo(502);
        assertThat(oops.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(JSON.readTree(oops.body()).path("code").asInt()).isEqualTo(502);
        assertThat(JSON.readTree(oops.body()).path("message").asText()).startsWith("Oops");
        assertThat(send("GET", campaign + "orgUnitBase/", token, null).statusCode()).as("counted: one").isEqualTo(200);

        assertThat(send("GET", campaign + "profile/@unknown42", token, null).statusCode()).as("by default").isEqualTo(404);
        send("POST", sandbox.baseUrl() + "/sandbox/faults", null, "{\"unknownProfile\": \"not-a-valid-constant\"}");
        HttpResponse<String> constant = send("PATCH", campaign + "profile/@unknown42", token, "{\"orgUnit\":{\"PKey\":\"@x\"}}");
        assertThat(constant.statusCode()).isEqualTo(500);
        assertThat(JSON.readTree(constant.body()).path("message").asText()).isEqualTo("'@unknown42' is not a valid constant");
        assertThat(send("POST", sandbox.baseUrl() + "/sandbox/faults", null, "{\"unknownProfile\": \"maybe\"}").statusCode())
                .isEqualTo(400);
    }

    @Test
    void imsAnswersItsDocumentedErrorsAsNamedFaults() throws Exception {
        send("POST", sandbox.baseUrl() + "/sandbox/faults", null,
                "{\"nextTokenInvalidClient\": 1, \"nextTokenInvalidScope\": 1, \"nextToken503\": 1}");
        HttpResponse<String> client = tokenAnswer();
        assertThat(client.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(client.body()).path("error").asText()).isEqualTo("invalid_client");
        HttpResponse<String> scope = tokenAnswer();
        assertThat(scope.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(scope.body()).path("error").asText()).isEqualTo("invalid_scope");
        assertThat(tokenAnswer().statusCode()).isEqualTo(503);
        assertThat(tokenAnswer().statusCode()).as("the faults are used up").isEqualTo(200);
    }

    private HttpResponse<String> tokenAnswer() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/ims/token/v3"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=sandbox-client&client_secret=sandbox-secret&scope=openid"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void callsWithoutTheHeadersAdobesExamplesSendAreCounted() throws Exception {
        String token = token();
        send("GET", campaign + "orgUnitBase/", token, null); // Content-Type, no Cache-Control

        JsonNode missing = JSON.readTree(send("GET", sandbox.baseUrl() + "/sandbox/stats", null, null).body())
                .path("campaignRequestsWithoutDocumentedHeader");
        assertThat(missing.path("Cache-Control: no-cache").asInt()).isEqualTo(1);
        assertThat(missing.has("Content-Type: application/json")).isFalse();
    }
}
