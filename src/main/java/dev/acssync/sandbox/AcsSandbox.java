package dev.acssync.sandbox;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An emulator of the parts of Adobe IMS and Adobe Campaign Standard that the service uses, over real HTTP:
 * the token endpoint, the paginated orgUnitBase list, the paginated profile list and its count, profile read / byEmail / the custom filter byCrmId (on the custom field cusCrmId) / PATCH, the profile resource's metadata, with ACS's real error
 * shapes, fault injection and inspection endpoints. Plain JDK HTTP server: no dependency on the integration code.
 */
public final class AcsSandbox implements AutoCloseable {
    /** The fault of a request whose connection is closed without an answer (nextDrop); "dropped" in the stats. */
    /** Adobe's gateway's answer to a call it cannot place (a wrong organization, a resource it does not know). */
    private static final Map<String, Object> OOPS = Map.of("code", 500, "message", "Oops. Something went wrong. Check your URI and try again.");
    /** The same gateway's answer, as a 502 in JSON: Adobe documents it as a tenant not set up for the API. */
    private static final Map<String, Object> OOPS_502 = Map.of("code", 502, "message", "Oops. Something went wrong. Check your URI and try again.");
    private static final Pattern CAMPAIGN_PATH =
            Pattern.compile("^/([^/]+)/campaign/profileAndServicesExt/(orgUnitBase|profile|resourceType)/?(.*)$");
    /** Any other path under an organization's campaign/: a resource ACS does not know. */
    private static final Pattern ANY_CAMPAIGN_PATH = Pattern.compile("^/([^/]+)/campaign/.*$");
    /** The profile resource's filters the sandbox knows; another {@code profile/by...} is a misspelt path. */
    private static final List<String> PROFILE_FILTERS = List.of("byEmail", "byCrmId");
    private static final Pattern PKEY = Pattern.compile("^@[A-Za-z0-9_-]+$");
    /** A custom field of the extended profile resource, under its API name: ACS prefixes custom fields with "cus". */
    static final String CRM_ID_FIELD = "cusCrmId";
    /** The custom filter byCrmId's parameter, as ACS names a filter's parameters: "<name>_parameter". */
    static final String CRM_ID_PARAMETER = "crmId_parameter";

    private final SandboxSettings settings;
    private final ObjectMapper json = new ObjectMapper();
    private final SandboxStats stats = new SandboxStats();
    private final Map<String, Long> tokenExpiries = new ConcurrentHashMap<>();
    /** Organizations that are not the sandbox's and were already called once: warm (see {@link #wrongOrganization}). */
    private final Set<String> warmWrongOrganizations = ConcurrentHashMap.newKeySet();
    private volatile SandboxData data;
    private volatile Faults faults;
    private volatile boolean customKeyAsId;
    /** A test's action for after the next last page of the profile listing (see {@link #afterListing}). */
    private final AtomicReference<Runnable> afterListing = new AtomicReference<>();
    private HttpServer server;
    private ExecutorService executor;

    public AcsSandbox(SandboxSettings settings) {
        this.settings = settings;
        this.faults = settings.faults();
        this.data = new SandboxData(settings.syntheticUnits(), settings.syntheticProfiles());
    }

    /**
     * Runs the sandbox alone. Arguments are {@code --name=value}: port, organization, client-id, client-secret,
     * token-lifetime-seconds, page-size, synthetic-units, synthetic-profiles, big-table-threshold (above this many
     * profiles a listing needs {@code _forcePagination=true} to page; 100000), profile-page-cap (the largest page of
     * the profile listing; 1000), threads, latency-ms, latency-jitter-ms, share-429, share-503, retry-after-seconds.
     * A bare number is the port.
     */
    public static void main(String[] args) throws IOException {
        SandboxSettings s = SandboxSettings.fromArgs(args);
        AcsSandbox sandbox = new AcsSandbox(s);
        sandbox.start();
        System.out.println("ACS sandbox listening on " + sandbox.baseUrl() + " (organization " + s.organization() + ", "
                + sandbox.data.units().size() + " org units, " + sandbox.data.profileCount() + " profiles)");
    }

    public synchronized void start() throws IOException {
        // without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs: ~40 ms per answer
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 256);
        executor = Executors.newFixedThreadPool(settings.threads(), r -> {
            Thread t = new Thread(r, "acs-sandbox");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://" + settings.host() + ":" + port();
    }

    public String campaignBaseUrl() {
        return baseUrl() + "/" + settings.organization() + "/campaign/";
    }

    /** Campaign requests being answered now (a test waits for calls to hang on a latency fault). */
    public long requestsInFlight() {
        return stats.inFlight();
    }

    public void setFaults(Faults newFaults) {
        this.faults = newFaults;
    }

    /** Restores the seed data, clears statistics, faults and the {@link #afterListing} action; issued tokens stay valid. */
    public void reset() {
        data = new SandboxData(settings.syntheticUnits(), settings.syntheticProfiles());
        stats.reset();
        faults = settings.faults();
        warmWrongOrganizations.clear();
        afterListing.set(null);
    }

    /**
     * A test hook: creates a profile, placed at the end of the profile listing, and returns its PKey (an email the
     * tenant already has gets a PKey of its own). The unit is named by its name ("brand2"); an unknown one is refused.
     */
    public String addProfile(String email, String crmId, String orgUnitName) {
        SandboxData now = data;
        SandboxData.OrgUnit unit = now.unitNamed(orgUnitName)
                .orElseThrow(() -> new IllegalArgumentException("no org unit named " + orgUnitName));
        return now.addProfile(email, crmId, unit.pkey()).pkey;
    }

    /**
     * A test hook: runs {@code action} once, then forgets it, on the sandbox's thread, right after the sandbox has
     * read a page of the profile listing that has no {@code next} (the last page, or the only one of a big table not
     * forced to page): the page does not show the action's effects, and they are in place before the page's answer
     * leaves, so a caller holding the last page can count on them. A new call replaces an action not yet run.
     */
    public void afterListing(Runnable action) {
        afterListing.set(action);
    }

    /**
     * A tenant whose profile resource declares its custom key (cusCrmId) as the resource's id (Adobe's "must-read" page,
     * custom keys): {@code GET/PATCH …/profile/<crmId>} then addresses the profile as its PKey does. Off by default, as
     * on a tenant that declares none (such a key is then ACS's XTK-170036).
     */
    public void declareCustomKeyAsId(boolean declared) {
        customKeyAsId = declared;
    }

    /** The PKey a profile path names: itself, or, on a tenant declaring its custom key as the id, that key's profile's. */
    private String byCustomKeyAsId(String key) {
        if (!customKeyAsId || key.startsWith("@")) {
            return key;
        }
        List<SandboxData.Profile> found = data.profilesByCrmId(key);
        // a key no profile has, answered as an unknown PKey is: ACS's 404
        return found.size() == 1 ? found.get(0).pkey : "@" + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("unknown/" + key).getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- dispatch

    private void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getRawPath();
            String method = ex.getRequestMethod();
            String host = ex.getRequestHeaders().getFirst("Host");
            if (!SandboxRequests.hostAllowed(host, settings.host())) {
                // a page rebound by DNS to this address sends its own name
                reply(ex, method, "sandbox", 403, Map.of("message", "Unknown host name " + host));
            } else if (path.startsWith("/sandbox/") && !method.equals("GET")
                    && SandboxRequests.foreignOrigin(ex.getRequestHeaders().getFirst("Origin"), host)) {
                // a page elsewhere may not change the sandbox's faults or data (a cross-site text/plain POST needs no preflight)
                reply(ex, method, "sandbox", 403, Map.of("message", "Cross-origin requests are not accepted"));
            } else if (path.equals("/ims/token/v3") && method.equals("POST")) {
                token(ex);
            } else if (path.startsWith("/sandbox/")) {
                inspection(ex, path.substring("/sandbox/".length()), method);
            } else {
                Matcher m = CAMPAIGN_PATH.matcher(path);
                Matcher other = ANY_CAMPAIGN_PATH.matcher(path);
                if (m.matches()) {
                    stats.started();
                    try {
                        campaign(ex, method, m.group(1), m.group(2), m.group(3));
                    } finally {
                        stats.ended();
                    }
                } else if (other.matches()) {
                    unknownResource(ex, method, other.group(1));
                } else {
                    reply(ex, "GET", "unknown", 404, Map.of("code", 404, "message", "No resource at " + path));
                }
            }
        } catch (RuntimeException e) {
            reply(ex, ex.getRequestMethod(), "error", 500, Map.of("code", 500, "message", "Sandbox error: " + e));
        } finally {
            ex.close();
        }
    }

    // ---------------------------------------------------------------- IMS

    /**
     * IMS's OAuth errors: JSON with error and error_description, status 400 (as Adobe's own server-to-server client,
     * adobe/asset-compute-client, expects a wrong secret to be answered).
     */
    private static final Map<String, Object> INVALID_CLIENT = Map.of("error", "invalid_client", "error_description", "invalid client_secret parameter");
    private static final Map<String, Object> INVALID_SCOPE = Map.of("error", "invalid_scope", "error_description", "scope is missing or lacks openid");

    private void token(HttpExchange ex) throws IOException {
        Map<String, String> form = parseQuery(new String(readBody(ex), StandardCharsets.UTF_8));
        int fault;
        synchronized (this) {
            fault = faults.nextTokenFault();
            if (fault != 0) {
                faults = faults.afterOneTokenFault(fault);
            }
        }
        if (fault == Faults.INVALID_CLIENT) {
            reply(ex, "POST", "token", 400, INVALID_CLIENT);
        } else if (fault == Faults.INVALID_SCOPE) {
            reply(ex, "POST", "token", 400, INVALID_SCOPE);
        } else if (fault == 503) {
            replyText(ex, "POST", "token", 503, "<html><body><h1>503 Service Unavailable</h1></body></html>");
        } else if (!"client_credentials".equals(form.get("grant_type"))) {
            reply(ex, "POST", "token", 400, Map.of("error", "unsupported_grant_type"));
        } else if (!settings.clientId().equals(form.get("client_id"))
                || !settings.clientSecret().equals(form.get("client_secret"))) {
            reply(ex, "POST", "token", 400, INVALID_CLIENT);
        } else if (!Arrays.asList(form.getOrDefault("scope", "").split("[,\\s]+")).contains("openid")) {
            // IMS grants nothing without a scope, and openid is the one every Adobe OAuth flow requires
            reply(ex, "POST", "token", 400, INVALID_SCOPE);
        } else {
            String token = "sandbox." + UUID.randomUUID();
            Duration lifetime = settings.tokenLifetime();
            tokenExpiries.put(token, System.currentTimeMillis() + lifetime.toMillis());
            reply(ex, "POST", "token", 200, Map.of("access_token", token, "token_type", "bearer",
                    "expires_in", Math.max(1, lifetime.toSeconds())));
        }
    }

    // ---------------------------------------------------------------- Campaign

    private void campaign(HttpExchange ex, String method, String org, String collection, String rest) throws IOException {
        String resource = collection.equals("orgUnitBase") ? "orgUnitBase"
                : collection.equals("resourceType") ? "resourceType"
                : profileResource(method, rest);
        checkDocumentedHeaders(ex);
        if (!authorised(ex, method, resource) || faulted(ex, method, resource)) {
            return;
        }
        if (!org.equals(settings.organization())) {
            wrongOrganization(ex, method, resource, org);
            return;
        }
        if (resource.equals("profile") && rest.startsWith("by") && !PROFILE_FILTERS.contains(rest)) {
            // a filter the resource does not have: a path ACS does not know
            reply(ex, method, "unknown", 500, OOPS);
            return;
        }
        Map<String, String> query = parseQuery(ex.getRequestURI().getRawQuery());
        if (resource.equals("orgUnitBase") && method.equals("GET") && rest.isEmpty()) {
            listOrgUnits(ex, query);
        } else if (resource.equals("orgUnitBase") && method.equals("GET")) {
            readByPKey(ex, method, resource, decode(rest), data::unit, unit -> unitJson(ex, unit));
        } else if (resource.equals("resourceType") && method.equals("GET") && rest.equals("profile")) {
            reply(ex, method, resource, 200, profileResourceType(ex));
        } else if (resource.equals("resourceType")) {
            reply(ex, method, "unknown", 500, OOPS);
        } else if (resource.equals("profileList")) {
            listProfiles(ex, query);
        } else if (resource.equals("profileCount")) {
            // Adobe's "Counting": a GET of the list's count.href answers the number of records
            reply(ex, method, resource, 200, Map.of("count", data.profileCount()));
        } else if (resource.equals("profileByCrmId") && method.equals("GET")) {
            // a custom filter, as an ACS administrator defines one on the extended profile resource (condition
            // cusCrmId = its parameter, exact): ACS names the parameter <name>_parameter; without it the condition
            // compares with nothing and no profile matches
            List<Map<String, Object>> content = new ArrayList<>();
            data.profilesByCrmId(query.getOrDefault(CRM_ID_PARAMETER, "")).forEach(p -> content.add(profileJson(ex, p)));
            reply(ex, method, resource, 200, Map.of("content", content, "serverSidePagination", false));
        } else if (resource.equals("profileByEmail") && method.equals("GET")) {
            profilesByEmail(ex, query.getOrDefault("email", ""));
        } else if (resource.equals("profile") && method.equals("GET")) {
            readByPKey(ex, method, resource, byCustomKeyAsId(decode(rest)), data::profile, profile -> profileJson(ex, profile));
        } else if (resource.equals("profile") && method.equals("PATCH")) {
            patchProfile(ex, byCustomKeyAsId(decode(rest)));
        } else {
            reply(ex, method, resource, 405, Map.of("code", 405, "message", method + " not supported here"));
        }
    }

    /**
     * The statistics' name of a call under profile/: the listing and its count are named apart, so that "GET profile"
     * keeps meaning a read by PKey (and neither reaches the by... filter check nor the PKey branches).
     */
    private static String profileResource(String method, String rest) {
        if (method.equals("GET") && rest.isEmpty()) {
            return "profileList";
        }
        if (method.equals("GET") && rest.equals("_count")) {
            return "profileCount";
        }
        return rest.equals("byEmail") ? "profileByEmail" : rest.equals("byCrmId") ? "profileByCrmId" : "profile";
    }

    /**
     * A path under campaign/ that names no resource ACS has (a misspelt resource or filter): ACS answers a 500
     * "Oops ... Check your URI", not a 404, once the caller is authorised.
     */
    private void unknownResource(HttpExchange ex, String method, String org) throws IOException {
        stats.started();
        try {
            checkDocumentedHeaders(ex);
            if (!authorised(ex, method, "unknown")) {
                return;
            }
            if (!org.equals(settings.organization())) {
                wrongOrganization(ex, method, "unknown", org);
            } else {
                reply(ex, method, "unknown", 500, OOPS);
            }
        } finally {
            stats.ended();
        }
    }

    /**
     * A wrong organization in the URL, as Adobe's SDK tests show it: the first call to it (a cold start) answers 400,
     * later ones a 500 "Oops"; neither carries an ACS code nor names the organization.
     */
    private void wrongOrganization(HttpExchange ex, String method, String resource, String org) throws IOException {
        if (warmWrongOrganizations.add(org)) {
            reply(ex, method, resource, 400, Map.of("code", 400, "message", "Bad Request"));
        } else {
            reply(ex, method, resource, 500, OOPS);
        }
    }

    /** Adobe's examples send these on every Campaign call (Authorization and X-Api-Key are checked by authorised). */
    private void checkDocumentedHeaders(HttpExchange ex) {
        var headers = ex.getRequestHeaders();
        if (headers.getOrDefault("Content-Type", List.of()).size() > 1) {
            stats.missingHeader("a single Content-Type");
        }
        String contentType = headers.getFirst("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            stats.missingHeader("Content-Type: application/json");
        }
        if (!"no-cache".equalsIgnoreCase(headers.getFirst("Cache-Control"))) {
            stats.missingHeader("Cache-Control: no-cache");
        }
    }

    private boolean authorised(HttpExchange ex, String method, String resource) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        String token = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
        Long expiry = token == null ? null : tokenExpiries.get(token);
        if (expiry == null || expiry < System.currentTimeMillis()) {
            reply(ex, method, resource, 401, Map.of("error_code", "401013", "message", "Oauth token is not valid"));
            return false;
        }
        if (!settings.clientId().equals(ex.getRequestHeaders().getFirst("X-Api-Key"))) {
            reply(ex, method, resource, 403, Map.of("error_code", "403003", "message", "Api Key is invalid"));
            return false;
        }
        return true;
    }

    private boolean faulted(HttpExchange ex, String method, String resource) throws IOException {
        Faults f = faults;
        long delay = f.latencyMs() + (f.latencyJitterMs() > 0 ? ThreadLocalRandom.current().nextLong(f.latencyJitterMs() + 1) : 0);
        if (delay > 0) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int fault; // 0 none, or a code of Faults.nextCounted()
        synchronized (this) {
            Faults now = faults;
            fault = now.nextCounted();
            if (fault != 0) {
                faults = now.afterOne(fault);
            }
        }
        if (fault == 0 && !f.redirectOrigin().isEmpty()) {
            ex.getResponseHeaders().add("Location", f.redirectOrigin() + ex.getRequestURI());
            reply(ex, method, resource, 307, Map.of("code", 307, "message", "Moved"));
            return true;
        }
        if (fault == 0) {
            double roll = ThreadLocalRandom.current().nextDouble();
            fault = roll < f.share429() ? 429 : roll < f.share429() + f.share503() ? 503 : 0;
        }
        switch (fault) {
            case Faults.DROPPED -> {
                // closing an exchange before any answer closes its connection: the client reads end-of-stream
                stats.count(method, resource, "dropped");
                ex.close();
            }
            case 401 -> reply(ex, method, resource, 401, Map.of("error_code", "401013", "message", "Oauth token is not valid"));
            case 403 -> reply(ex, method, resource, 403, Map.of("error_code", "403003", "message", "Api Key is invalid"));
            case 429 -> {
                // ACS documents no Retry-After: none unless the fault asks for one
                if (f.retryAfterSeconds() > 0) {
                    ex.getResponseHeaders().add("Retry-After", String.valueOf(f.retryAfterSeconds()));
                }
                reply(ex, method, resource, 429, Map.of("error_code", "429001", "message", "Too many requests"));
            }
            case 503 -> reply(ex, method, resource, 503, Map.of("error_code", "503", "message", "Service temporarily unavailable"));
            case 500 -> reply(ex, method, resource, 500, Map.of("code", 500,
                    "message", "RST-360011 An error has occurred - please contact your administrator. The record was refused."));
            case Faults.UNEXPLAINED_500 -> reply(ex, method, resource, 500, OOPS);
            case Faults.OOPS_502 -> reply(ex, method, resource, 502, OOPS_502);
            case 502 -> replyText(ex, method, resource, 502, "<html><head><title>502 Bad Gateway</title></head>"
                    + "<body><center><h1>502 Bad Gateway</h1></center></body></html>");
            default -> {
                return false;
            }
        }
        return true;
    }

    private void listOrgUnits(HttpExchange ex, Map<String, String> query) throws IOException {
        PageRequest page = pageRequest(ex, "orgUnitBase", query);
        if (page == null) {
            return;
        }
        List<SandboxData.OrgUnit> units = data.units();
        List<Map<String, Object>> content = new ArrayList<>();
        for (int i = page.start(); i < Math.min(units.size(), page.start() + page.size()); i++) {
            content.add(unitJson(ex, units.get(i)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("content", content);
        String listPath = "/" + settings.organization() + "/campaign/profileAndServicesExt/orgUnitBase/";
        body.put("count", Map.of("href", absolute(ex, listPath + "_count?_lineCount=" + page.size())));
        if (page.start() + page.size() < units.size()) {
            body.put("next", nextLink(ex, listPath + "?_lineCount=" + page.size() + "&_lineStart="
                    + encodeCursor(page.start() + page.size())));
        }
        body.put("serverSidePagination", true);
        reply(ex, "GET", "orgUnitBase", 200, body);
    }

    /**
     * The profile listing, page by page in insertion order; a page costs its size, not the tenant's. Above the
     * big-table threshold ACS silently stops after the first page unless the caller sends _forcePagination=true,
     * which then rides along in every next.href.
     */
    private void listProfiles(HttpExchange ex, Map<String, String> query) throws IOException {
        PageRequest asked = pageRequest(ex, "profileList", query);
        if (asked == null) {
            return;
        }
        // a larger page is served as the cap (Adobe publishes no maximum: ours is an assumption); an empty one would
        // hand back its own cursor forever
        PageRequest page = new PageRequest(asked.start(), Math.max(1, Math.min(asked.size(), settings.profilePageCap())));
        SandboxData now = data;
        List<Map<String, Object>> content = new ArrayList<>();
        for (SandboxData.Profile p : now.profilesPage(page.start(), page.size())) {
            content.add(profileJson(ex, p));
        }
        int total = now.profileCount(); // read after the page: a profile added meanwhile gets a next page
        boolean forced = Boolean.parseBoolean(query.get("_forcePagination"));
        boolean last = (!forced && total > settings.bigTableThreshold()) || (long) page.start() + page.size() >= total;
        String listPath = "/" + settings.organization() + "/campaign/profileAndServicesExt/profile/";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("content", content);
        body.put("count", Map.of("href", absolute(ex, listPath + "_count?_lineCount=" + page.size())));
        if (!last) {
            body.put("next", nextLink(ex, listPath + "?_lineCount=" + page.size() + "&_lineStart="
                    + encodeCursor(page.start() + page.size()) + (forced ? "&_forcePagination=true" : "")));
        } else {
            // before the answer leaves: a caller holding the last page can count on the action's effects
            runAfterListing();
        }
        body.put("serverSidePagination", true);
        reply(ex, "GET", "profileList", 200, body);
    }

    /** Where a listing's page starts and how many it holds. */
    private record PageRequest(int start, int size) {
    }

    /**
     * The page a listing's query asks for: _lineCount (default the page size) from the _lineStart cursor; null once
     * a bad value has been answered with ACS's XTK-170036.
     */
    private PageRequest pageRequest(HttpExchange ex, String resource, Map<String, String> query) throws IOException {
        try {
            int size = query.containsKey("_lineCount") ? Integer.parseInt(query.get("_lineCount")) : settings.defaultPageSize();
            int start = query.containsKey("_lineStart") ? decodeCursor(query.get("_lineStart")) : 0;
            return new PageRequest(start, size);
        } catch (IllegalArgumentException e) {
            reply(ex, "GET", resource, 500, Map.of("code", 500,
                    "message", "XTK-170036 Unable to parse expression '" + query.get("_lineStart") + "'."));
            return null;
        }
    }

    /** A listing's next link: to the hostile origin of the linkOrigin fault, else relative or absolute as set. */
    private Map<String, Object> nextLink(HttpExchange ex, String pathAndQuery) {
        String linkOrigin = faults.linkOrigin();
        return Map.of("href", !linkOrigin.isEmpty() ? linkOrigin + pathAndQuery
                : settings.relativeNextLinks() ? pathAndQuery : absolute(ex, pathAndQuery));
    }

    /** Runs the test's afterListing action, once; a failure of it answers the page with the sandbox's 500. */
    private void runAfterListing() {
        Runnable action = afterListing.getAndSet(null);
        if (action != null) {
            action.run();
        }
    }

    private void profilesByEmail(HttpExchange ex, String email) throws IOException {
        List<Map<String, Object>> content = new ArrayList<>();
        boolean ignoreCase = Faults.IGNORE_CASE.equals(faults.emailMatch());
        for (SandboxData.Profile p : data.profilesByEmail(email)) {
            if (ignoreCase || p.email.equals(email)) {
                content.add(profileJson(ex, p));
            }
        }
        reply(ex, "GET", "profileByEmail", 200, Map.of("content", content, "serverSidePagination", false));
    }

    private void patchProfile(HttpExchange ex, String pkey) throws IOException {
        if (!validPKey(ex, "PATCH", "profile", pkey)) {
            return;
        }
        JsonNode body;
        try {
            body = json.readTree(readBody(ex));
        } catch (IOException e) {
            reply(ex, "PATCH", "profile", 500, Map.of("code", 500, "message", "XTK-170036 Unable to parse the request body."));
            return;
        }
        var profile = data.profile(pkey);
        if (profile.isEmpty()) {
            notFound(ex, "PATCH", "profile", pkey);
            return;
        }
        if (!faults.orgUnitField() && body != null && body.has("orgUnit")) {
            // a profile resource without the access-authorization fields: Campaign fails on the unknown field
            reply(ex, "PATCH", "profile", 500, Map.of("code", 500, "message", "Internal Server Error"));
            return;
        }
        String unitPKey = body == null ? "" : body.path("orgUnit").path("PKey").asText("");
        if (!PKEY.matcher(unitPKey).matches()) {
            reply(ex, "PATCH", "profile", 500, Map.of("code", 500,
                    "message", "XTK-170036 Unable to parse expression '" + unitPKey + "'."));
            return;
        }
        if (data.unit(unitPKey).isEmpty()) {
            reply(ex, "PATCH", "profile", 500, Map.of("code", 500,
                    "message", "RST-360011 An error has occurred - please contact your administrator. The value '"
                            + unitPKey + "' of field 'orgUnit' is not valid."));
            return;
        }
        data.assignUnit(profile.get(), unitPKey);
        reply(ex, "PATCH", "profile", 200, Map.of("PKey", pkey, "href", profileHref(ex, pkey)));
    }

    /** GET of one unit or profile by PKey: a malformed key is ACS's XTK-170036, an unknown one its 404. */
    private <T> void readByPKey(HttpExchange ex, String method, String resource, String pkey,
                                Function<String, Optional<T>> find, Function<T, Object> toJson) throws IOException {
        if (!validPKey(ex, method, resource, pkey)) {
            return;
        }
        Optional<T> found = find.apply(pkey);
        if (found.isEmpty()) {
            notFound(ex, method, resource, pkey);
        } else {
            reply(ex, method, resource, 200, toJson.apply(found.get()));
        }
    }

    private boolean validPKey(HttpExchange ex, String method, String resource, String pkey) throws IOException {
        if (PKEY.matcher(pkey).matches()) {
            return true;
        }
        reply(ex, method, resource, 500, Map.of("code", 500, "message", "XTK-170036 Unable to parse expression '" + pkey + "'."));
        return false;
    }

    private void notFound(HttpExchange ex, String method, String resource, String pkey) throws IOException {
        if (resource.equals("profile") && Faults.NOT_A_VALID_CONSTANT.equals(faults.unknownProfile())) {
            reply(ex, method, resource, 500, Map.of("code", 500, "message", "'" + pkey + "' is not a valid constant"));
            return;
        }
        reply(ex, method, resource, 404, Map.of("code", 404,
                "message", "RST-360011 An error has occurred - please contact your administrator. Unable to find document '" + pkey + "'."));
    }

    // ---------------------------------------------------------------- inspection and control

    private void inspection(HttpExchange ex, String what, String method) throws IOException {
        switch (method + " " + what) {
            case "GET org-units" -> {
                // what a record's orgUnit may name, without a token
                List<Map<String, Object>> out = new ArrayList<>();
                for (SandboxData.OrgUnit unit : data.units()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("name", unit.name());
                    row.put("label", unit.label());
                    row.put("PKey", unit.pkey());
                    row.put("title", unit.title());
                    out.add(row);
                }
                reply(ex, method, "sandbox", 200, out);
            }
            case "GET profiles" -> inspectProfiles(ex);
            case "GET stats" -> reply(ex, method, "sandbox", 200, stats.snapshot());
            case "GET faults" -> reply(ex, method, "sandbox", 200, faults);
            case "POST faults" -> {
                Faults now = faults;
                JsonNode in = json.readTree(readBody(ex));
                Faults wanted;
                try {
                    wanted = new Faults(
                            in.path("latencyMs").asLong(now.latencyMs()),
                            in.path("latencyJitterMs").asLong(now.latencyJitterMs()),
                            in.path("share429").asDouble(now.share429()),
                            in.path("share503").asDouble(now.share503()),
                            in.path("retryAfterSeconds").asInt(now.retryAfterSeconds()),
                            in.path("next429").asInt(now.next429()),
                            in.path("next503").asInt(now.next503()),
                            in.path("next500Rejected").asInt(now.next500Rejected()),
                            in.path("next401").asInt(now.next401()),
                            in.path("next403").asInt(now.next403()),
                            in.path("nextDrop").asInt(now.nextDrop()),
                            in.path("next502").asInt(now.next502()),
                            in.path("next500Unexplained").asInt(now.next500Unexplained()),
                            in.path("linkOrigin").asText(now.linkOrigin()),
                            in.path("redirectOrigin").asText(now.redirectOrigin()),
                            in.path("emailMatch").asText(now.emailMatch()),
                            in.path("orgUnitField").asBoolean(now.orgUnitField()),
                            in.path("next502Oops").asInt(now.next502Oops()),
                            in.path("unknownProfile").asText(now.unknownProfile()),
                            in.path("nextTokenInvalidClient").asInt(now.nextTokenInvalidClient()),
                            in.path("nextTokenInvalidScope").asInt(now.nextTokenInvalidScope()),
                            in.path("nextToken503").asInt(now.nextToken503()));
                } catch (IllegalArgumentException wrongValue) {
                    reply(ex, method, "sandbox", 400, Map.of("code", 400, "message", wrongValue.getMessage()));
                    return;
                }
                faults = wanted;
                reply(ex, method, "sandbox", 200, faults);
            }
            case "POST revoke-tokens" -> {
                tokenExpiries.clear();
                reply(ex, method, "sandbox", 200, Map.of("revoked", true));
            }
            case "POST reset" -> {
                reset();
                reply(ex, method, "sandbox", 200, Map.of("reset", true));
            }
            default -> reply(ex, method, "sandbox", 404, Map.of("message", "unknown sandbox call " + method + " /sandbox/" + what));
        }
    }

    /**
     * Every profile with its unit's name, written a page at a time: millions of synthetic profiles are never all in
     * memory, as their rows or as one body.
     */
    private void inspectProfiles(HttpExchange ex) throws IOException {
        SandboxData now = data;
        stats.count("GET", "sandbox", 200);
        ex.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
        ex.sendResponseHeaders(200, 0); // chunked: the length is not known before
        try (JsonGenerator out = json.getFactory().createGenerator(ex.getResponseBody())) {
            out.writeStartArray();
            int pageSize = 1000;
            for (int start = 0; start < now.profileCount(); start += pageSize) {
                for (SandboxData.Profile p : now.profilesPage(start, pageSize)) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("PKey", p.pkey);
                    row.put("email", p.email);
                    row.put(CRM_ID_FIELD, p.crmId);
                    row.put("orgUnit", now.unit(p.orgUnitPKey).map(SandboxData.OrgUnit::name).orElse(null));
                    out.writeObject(row);
                }
            }
            out.writeEndArray();
        }
    }

    // ---------------------------------------------------------------- JSON shapes

    private Map<String, Object> unitJson(HttpExchange ex, SandboxData.OrgUnit u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("PKey", u.pkey());
        m.put("created", "2019-04-02 22:36:13.252Z");
        m.put("desc", "");
        m.put("href", absolute(ex, "/" + settings.organization() + "/campaign/profileAndServicesExt/orgUnitBase/" + u.pkey()));
        m.put("label", u.label());
        m.put("lastModified", "2019-04-03 07:34:56.579Z");
        m.put("name", u.name());
        m.put("parentTitle", u.parentTitle());
        m.put("title", u.title());
        return m;
    }

    private Map<String, Object> profileJson(HttpExchange ex, SandboxData.Profile p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("PKey", p.pkey);
        m.put("email", p.email);
        m.put(CRM_ID_FIELD, p.crmId);
        m.put("firstName", p.firstName);
        m.put("lastName", p.lastName);
        m.put("href", profileHref(ex, p.pkey));
        Optional<SandboxData.OrgUnit> unit = faults.orgUnitField() ? data.unit(p.orgUnitPKey) : Optional.empty();
        unit.ifPresent(u -> m.put("orgUnit", Map.of("PKey", u.pkey(), "title", u.title(),
                "href", absolute(ex, "/" + settings.organization() + "/campaign/profileAndServicesExt/orgUnitBase/" + u.pkey()))));
        return m;
    }

    /**
     * The profile resource's metadata ({@code GET profileAndServicesExt/resourceType/profile}, Adobe's "metadata
     * mechanism"): its fields under {@code content}, with {@code orgUnit} only when the resource has been extended
     * with the access-authorization fields.
     */
    private Map<String, Object> profileResourceType(HttpExchange ex) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("PKey", Map.of("apiName", "PKey", "type", "string", "resType", "string"));
        fields.put("email", Map.of("apiName", "email", "type", "string", "resType", "string", "dataPolicy", "email"));
        fields.put("firstName", Map.of("apiName", "firstName", "type", "string", "resType", "string"));
        fields.put("lastName", Map.of("apiName", "lastName", "type", "string", "resType", "string"));
        fields.put(CRM_ID_FIELD, Map.of("apiName", CRM_ID_FIELD, "type", "string", "resType", "string", "label", "CRM id"));
        if (faults.orgUnitField()) {
            fields.put("orgUnit", Map.of("apiName", "orgUnit", "type", "link", "resType", "link",
                    "resTarget", "orgUnitBase", "label", "Organizational unit"));
        }
        String org = "/" + settings.organization() + "/campaign/profileAndServicesExt/";
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("content", fields);
        m.put("data", "/profileAndServicesExt/profile/");
        m.put("filters", Map.of("href", absolute(ex, org + "resourceType/profile/filters/")));
        m.put("help", "Identified profiles");
        m.put("href", absolute(ex, org + "profile/metadata"));
        m.put("label", "Profiles");
        m.put("name", "profile");
        m.put("schema", "nms:recipient");
        m.put("type", "item");
        return m;
    }

    private String profileHref(HttpExchange ex, String pkey) {
        return absolute(ex, "/" + settings.organization() + "/campaign/profileAndServicesExt/profile/" + pkey);
    }

    // ---------------------------------------------------------------- HTTP helpers

    private void replyText(HttpExchange ex, String method, String resource, int status, String text) throws IOException {
        send(ex, method, resource, status, "text/html", text.getBytes(StandardCharsets.UTF_8));
    }

    private void reply(HttpExchange ex, String method, String resource, int status, Object body) throws IOException {
        send(ex, method, resource, status, "application/json;charset=utf-8", json.writeValueAsBytes(body));
    }

    private void send(HttpExchange ex, String method, String resource, int status, String contentType, byte[] bytes)
            throws IOException {
        stats.count(method, resource, status);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static byte[] readBody(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    private String absolute(HttpExchange ex, String path) {
        String host = ex.getRequestHeaders().getFirst("Host");
        return "http://" + (host != null ? host : settings.host() + ":" + port()) + path;
    }

    private static String encodeCursor(int offset) {
        return "@" + Base64.getUrlEncoder().withoutPadding().encodeToString(("line:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int decodeCursor(String cursor) {
        if (!cursor.startsWith("@")) {
            throw new IllegalArgumentException("not a cursor");
        }
        String decoded = new String(Base64.getUrlDecoder().decode(cursor.substring(1)), StandardCharsets.UTF_8);
        int offset = decoded.startsWith("line:") ? Integer.parseInt(decoded.substring(5)) : -1;
        if (offset < 0) {
            throw new IllegalArgumentException("not a cursor");
        }
        return offset;
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            out.put(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return out;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
