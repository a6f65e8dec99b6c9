package dev.acssync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
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
        startWith(SandboxSettings.defaults());
    }

    private void startWith(SandboxSettings settings) throws Exception {
        if (sandbox != null) {
            sandbox.close();
        }
        sandbox = new AcsSandbox(settings.withPort(0));
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
    void aTenantDeclaringItsCustomKeyAsTheIdIsAddressedByIt() throws Exception {
        String token = token();
        assertThat(send("GET", campaign + "profile/CRM-0001", token, null).statusCode()).as("not declared: not a PKey").isEqualTo(500);

        sandbox.declareCustomKeyAsId(true);
        JsonNode alice = JSON.readTree(send("GET", campaign + "profile/CRM-0001", token, null).body());
        assertThat(alice.path("email").asText()).isEqualTo("alice.martin@example.com");
        String brand2 = JSON.readTree(send("GET", sandbox.baseUrl() + "/sandbox/org-units", null, null).body()).get(2).path("PKey").asText();
        assertThat(send("PATCH", campaign + "profile/CRM-0002", token, "{\"orgUnit\":{\"PKey\":\"" + brand2 + "\"}}").statusCode())
                .isEqualTo(200);
        JsonNode bob = JSON.readTree(send("GET", campaign + "profile/byCrmId?crmId_parameter=CRM-0002", token, null).body())
                .path("content").get(0);
        assertThat(bob.path("orgUnit").path("PKey").asText()).isEqualTo(brand2);
        assertThat(send("PATCH", campaign + "profile/CRM-9999", token, "{\"orgUnit\":{\"PKey\":\"" + brand2 + "\"}}").statusCode())
                .as("a key no profile has").isEqualTo(404);
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

    /** Every page of a listing from {@code url}, following next.href to the end. */
    private List<JsonNode> pages(String url, String token) throws Exception {
        List<JsonNode> pages = new ArrayList<>();
        for (String next = url; next != null; ) {
            HttpResponse<String> answer = send("GET", next, token, null);
            assertThat(answer.statusCode()).as(next).isEqualTo(200);
            JsonNode page = JSON.readTree(answer.body());
            pages.add(page);
            next = page.has("next") ? page.path("next").path("href").asText() : null;
        }
        return pages;
    }

    private static List<String> emails(List<JsonNode> pages) {
        List<String> emails = new ArrayList<>();
        pages.forEach(page -> page.path("content").forEach(p -> emails.add(p.path("email").asText())));
        return emails;
    }

    private static List<String> pkeys(List<JsonNode> pages) {
        List<String> pkeys = new ArrayList<>();
        pages.forEach(page -> page.path("content").forEach(p -> pkeys.add(p.path("PKey").asText())));
        return pkeys;
    }

    private static List<String> syntheticEmails(int from, int to) {
        List<String> emails = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            emails.add(String.format("user%07d@synthetic.example", i));
        }
        return emails;
    }

    @Test
    void theProfileListingGivesEveryProfileOnceInOrderPageByPage() throws Exception {
        startWith(SandboxSettings.defaults().withSyntheticProfiles(40));
        String token = token();

        List<JsonNode> pages = pages(campaign + "profile?_lineCount=7", token);

        assertThat(pages).hasSize(8); // 12 seed + 40 synthetic profiles
        List<String> expected = new ArrayList<>();
        JSON.readTree(send("GET", sandbox.baseUrl() + "/sandbox/profiles", null, null).body())
                .forEach(p -> expected.add(p.path("email").asText()));
        assertThat(emails(pages)).containsExactlyElementsOf(expected).hasSize(52);
        assertThat(expected.subList(12, 52)).containsExactlyElementsOf(syntheticEmails(1, 40));
        JsonNode first = pages.get(0);
        assertThat(first.path("serverSidePagination").asBoolean()).isTrue();
        assertThat(first.path("next").path("href").asText()).contains("/profileAndServicesExt/profile/?_lineCount=7&_lineStart=@");
        assertThat(first.path("count").path("href").asText()).contains("/profileAndServicesExt/profile/_count");
        JsonNode alice = first.path("content").get(0);
        assertThat(alice.path("PKey").asText()).startsWith("@");
        assertThat(alice.path("cusCrmId").asText()).isEqualTo("CRM-0001");
        assertThat(alice.path("orgUnit").path("title").asText()).isEqualTo("All (all)");
        assertThat(pages.get(7).path("content").get(0).path("cusCrmId").asText()).isEqualTo("CRM-S0000038");

        assertThat(emails(pages(campaign + "profile/", token))).as("the trailing slash, the default page size")
                .containsExactlyElementsOf(expected);
        HttpResponse<String> badCursor = send("GET", campaign + "profile?_lineStart=@bm90LWEtY3Vyc29y", token, null);
        assertThat(badCursor.statusCode()).isEqualTo(500);
        assertThat(badCursor.body()).contains("XTK-170036");
        JsonNode stats = JSON.readTree(send("GET", sandbox.baseUrl() + "/sandbox/stats", null, null).body()).path("requests");
        assertThat(stats.path("GET profileList 200").asInt()).isEqualTo(8 + 3);
        assertThat(stats.path("GET profileList 500").asInt()).isEqualTo(1);
        assertThat(stats.has("GET profile 200")).as("a read by PKey, none here").isFalse();
    }

    @Test
    void aLineCountAboveTheCapIsServedAsTheCap() throws Exception {
        startWith(SandboxSettings.defaults().withSyntheticProfiles(40).withProfilePageCap(10));
        String token = token();

        JsonNode first = JSON.readTree(send("GET", campaign + "profile?_lineCount=500", token, null).body());

        assertThat(first.path("content")).hasSize(10);
        assertThat(first.path("next").path("href").asText()).contains("_lineCount=10&");
        List<JsonNode> pages = pages(campaign + "profile?_lineCount=500", token);
        assertThat(pages).hasSize(6);
        assertThat(pkeys(pages)).hasSize(52).doesNotHaveDuplicates();
    }

    @Test
    void aTenantAboveTheBigTableThresholdPagesOnlyWhenForced() throws Exception {
        startWith(SandboxSettings.defaults().withSyntheticProfiles(40).withBigTableThreshold(30));
        String token = token();

        List<JsonNode> unforced = pages(campaign + "profile", token);
        assertThat(unforced).as("ACS silently stops after the first page").hasSize(1);
        assertThat(unforced.get(0).path("content")).hasSize(25);
        assertThat(unforced.get(0).has("next")).isFalse();

        List<JsonNode> forced = pages(campaign + "profile?_forcePagination=true&_lineCount=20", token);
        assertThat(forced).hasSize(3);
        assertThat(forced.get(0).path("next").path("href").asText()).contains("_forcePagination=true");
        assertThat(forced.get(1).path("next").path("href").asText()).contains("_forcePagination=true");
        assertThat(pkeys(forced)).hasSize(52).doesNotHaveDuplicates();
        assertThat(emails(forced)).endsWith("user0000040@synthetic.example");

        startWith(SandboxSettings.defaults().withSyntheticProfiles(18).withBigTableThreshold(30));
        assertThat(pages(campaign + "profile", token())).as("at the threshold: pages normally").hasSize(2);
    }

    @Test
    void theCountAnswersTheNumberOfProfiles() throws Exception {
        startWith(SandboxSettings.defaults().withSyntheticProfiles(40));
        String token = token();

        JsonNode list = JSON.readTree(send("GET", campaign + "profile?_lineCount=5", token, null).body());
        HttpResponse<String> count = send("GET", list.path("count").path("href").asText(), token, null);

        assertThat(count.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(count.body()).path("count").asInt()).isEqualTo(52);
        assertThat(JSON.readTree(send("GET", campaign + "profile/_count", token, null).body()).path("count").asInt()).isEqualTo(52);
        assertThat(send("GET", campaign + "profile/_count", null, null).statusCode()).as("a token is needed").isEqualTo(401);
        JsonNode stats = JSON.readTree(send("GET", sandbox.baseUrl() + "/sandbox/stats", null, null).body()).path("requests");
        assertThat(stats.path("GET profileCount 200").asInt()).isEqualTo(2);
        assertThat(stats.path("GET profileCount 401").asInt()).isEqualTo(1);
    }

    @Test
    void theAfterListingHookRunsOnceAfterTheLastPageAndAnAddedProfileComesLast() throws Exception {
        String token = token();
        AtomicInteger runs = new AtomicInteger();
        List<Integer> pagesAnsweredBeforeTheHook = new ArrayList<>();
        sandbox.afterListing(() -> {
            runs.incrementAndGet();
            pagesAnsweredBeforeTheHook.add(countOf("GET profileList 200"));
            sandbox.addProfile("zoe.new@example.com", "CRM-NEW1", "brand3");
        });

        List<JsonNode> first = pages(campaign + "profile?_lineCount=5", token);
        assertThat(first).hasSize(3);
        assertThat(emails(first)).doesNotContain("zoe.new@example.com");
        assertThat(runs.get()).as("done when the caller has the last page").isEqualTo(1);
        assertThat(pagesAnsweredBeforeTheHook).as("after the last page was read, before its answer left").containsExactly(2);
        assertThat(JSON.readTree(send("GET", campaign + "profile/byEmail?email=zoe.new%40example.com", token, null).body())
                .path("content")).hasSize(1);

        List<JsonNode> second = pages(campaign + "profile?_lineCount=5", token);
        assertThat(runs.get()).as("once, then forgotten").isEqualTo(1);
        JsonNode added = second.get(second.size() - 1).path("content");
        JsonNode zoe = added.get(added.size() - 1);
        assertThat(zoe.path("email").asText()).isEqualTo("zoe.new@example.com");
        assertThat(zoe.path("cusCrmId").asText()).isEqualTo("CRM-NEW1");
        assertThat(zoe.path("orgUnit").path("title").asText()).isEqualTo("Brand 3 (brand3)");
        assertThat(emails(second)).hasSize(13);
        assertThat(JSON.readTree(send("GET", campaign + "profile/" + zoe.path("PKey").asText(), token, null).body())
                .path("email").asText()).isEqualTo("zoe.new@example.com");

        String twin = sandbox.addProfile("alice.martin@example.com", "CRM-NEW2", "brand1");
        assertThat(twin).as("an email already there gets a PKey of its own").isNotEqualTo(
                first.get(0).path("content").get(0).path("PKey").asText());
        assertThat(JSON.readTree(send("GET", campaign + "profile/byEmail?email=alice.martin%40example.com", token, null).body())
                .path("content")).hasSize(2);

        sandbox.afterListing(runs::incrementAndGet);
        sandbox.reset();
        assertThat(emails(pages(campaign + "profile", token))).as("reset forgets added profiles").hasSize(12);
        assertThat(runs.get()).as("and the hook").isEqualTo(1);
    }

    private int countOf(String statsKey) {
        try {
            return JSON.readTree(send("GET", sandbox.baseUrl() + "/sandbox/stats", null, null).body())
                    .path("requests").path(statsKey).asInt();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aPatchedSyntheticProfileShowsItsNewUnitEverywhere() throws Exception {
        startWith(SandboxSettings.defaults().withSyntheticProfiles(40));
        String token = token();
        String brand2 = JSON.readTree(send("GET", sandbox.baseUrl() + "/sandbox/org-units", null, null).body()).get(2).path("PKey").asText();
        String byEmail = campaign + "profile/byEmail?email=user0000005%40synthetic.example";
        JsonNode found = JSON.readTree(send("GET", byEmail, token, null).body()).path("content");
        assertThat(found).hasSize(1);
        String pkey = found.get(0).path("PKey").asText();
        assertThat(found.get(0).path("orgUnit").path("PKey").asText()).isNotEqualTo(brand2);

        assertThat(send("PATCH", campaign + "profile/" + pkey, token, "{\"orgUnit\":{\"PKey\":\"" + brand2 + "\"}}").statusCode())
                .isEqualTo(200);

        JsonNode listed = pages(campaign + "profile?_lineCount=50", token).get(0).path("content").get(12 + 4);
        assertThat(listed.path("PKey").asText()).isEqualTo(pkey);
        assertThat(listed.path("orgUnit").path("PKey").asText()).isEqualTo(brand2);
        assertThat(JSON.readTree(send("GET", byEmail, token, null).body()).path("content").get(0).path("orgUnit").path("PKey").asText())
                .isEqualTo(brand2);
        assertThat(JSON.readTree(send("GET", campaign + "profile/" + pkey, token, null).body()).path("orgUnit").path("PKey").asText())
                .isEqualTo(brand2);
        JsonNode byCrmId = JSON.readTree(send("GET", campaign + "profile/byCrmId?crmId_parameter=CRM-S0000005", token, null).body());
        assertThat(byCrmId.path("content").get(0).path("orgUnit").path("PKey").asText()).isEqualTo(brand2);
        assertThat(JSON.readTree(send("GET", campaign + "profile/byCrmId?crmId_parameter=CRM-S000005", token, null).body())
                .path("content")).as("exact, zeros included").isEmpty();
        assertThat(JSON.readTree(send("GET", campaign + "profile/byEmail?email=User0000005%40synthetic.example", token, null).body())
                .path("content")).as("byEmail exact by default").isEmpty();
        assertThat(send("GET", campaign + "profile/" + SandboxData.syntheticProfilePKey(41), token, null).statusCode())
                .as("beyond the synthetic profiles").isEqualTo(404);
        JsonNode profiles = JSON.readTree(send("GET", sandbox.baseUrl() + "/sandbox/profiles", null, null).body());
        assertThat(profiles.get(16).path("orgUnit").asText()).isEqualTo("brand2");
    }

    @Test
    void aTenantAboveTheDefaultThresholdIsListedWholeWhenForced() throws Exception {
        startWith(SandboxSettings.defaults().withSyntheticProfiles(101_000));
        String token = token();
        assertThat(pages(campaign + "profile?_lineCount=1000", token)).as("above 100,000: one page unless forced").hasSize(1);

        int count = 0;
        int outOfOrder = 0;
        int largestPage = 0;
        for (JsonNode page : pages(campaign + "profile?_lineCount=5000&_forcePagination=true", token)) {
            largestPage = Math.max(largestPage, page.path("content").size());
            for (JsonNode p : page.path("content")) {
                count++;
                if (count > 12 && !p.path("cusCrmId").asText().equals("CRM-S" + String.format("%07d", count - 12))) {
                    outOfOrder++;
                }
            }
        }
        assertThat(largestPage).as("the cap").isEqualTo(1000);
        assertThat(outOfOrder).isZero();
        assertThat(count).isEqualTo(101_012);
    }
}
