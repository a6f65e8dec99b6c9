package dev.acssync.orgunit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acssync.acs.AcsTransientException;
import dev.acssync.outcome.OutcomeReason;
import dev.acssync.outcome.RecordRejectedException;
import dev.acssync.record.SyncRecord;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The org units of the ACS instance, read from the paginated orgUnitBase list (following {@code next.href}) and
 * cached. ACS has no filter by name, and every call costs licensed engine calls, so the whole list is loaded once,
 * refreshed on a schedule, and at most once more when a record names a unit the cache does not know (no more often
 * than {@code acs.org-units.min-refresh-interval}): never one listing per record.
 */
@Component("orgUnitDirectory")
public class OrgUnitDirectory implements HealthIndicator {
    private static final Logger LOG = LoggerFactory.getLogger(OrgUnitDirectory.class);
    private static final int MAX_PAGES = 100_000;

    private record Snapshot(Map<String, OrgUnit> byName, Map<String, OrgUnit> byPKey, Instant loadedAt) {
    }

    private final ProducerTemplate acs;
    private final String listUrl;
    private final Duration minRefreshInterval;
    private volatile Snapshot snapshot;
    private final AtomicLong loads = new AtomicLong();

    public OrgUnitDirectory(ProducerTemplate acs,
                            @Value("${acs.base-url}") String baseUrl,
                            @Value("${acs.org-units.page-size:25}") int pageSize,
                            @Value("${acs.org-units.min-refresh-interval:PT1M}") Duration minRefreshInterval) {
        this.acs = acs;
        this.listUrl = baseUrl + "profileAndServicesExt/orgUnitBase/?_lineCount=" + pageSize;
        this.minRefreshInterval = minRefreshInterval;
    }

    /** The enricher's resource: the unit the record names, by name (or by PKey when the value starts with '@'). */
    public OrgUnit find(@ExchangeProperty("record") SyncRecord record) {
        String wanted = record.getOrgUnit();
        Snapshot current = snapshot != null ? snapshot : ensureLoaded();
        OrgUnit unit = lookup(current, wanted);
        if (unit == null) {
            // a unit may have been created since the last load: refresh once, shared by all records that miss now
            unit = lookup(refreshIfOlderThan(minRefreshInterval), wanted);
        }
        if (unit == null) {
            Snapshot s = snapshot;
            throw new RecordRejectedException(OutcomeReason.UNKNOWN_ORG_UNIT, "no org unit " + (wanted.startsWith("@") ? "with PKey" : "named")
                    + " '" + wanted + "' among the " + s.byName().size() + " units listed by ACS at " + s.loadedAt());
        }
        return unit;
    }

    /** Reloads the list now (Quartz schedule, or an operator from Hawtio's JMX tab). Returns the number of units. */
    public int refresh() {
        return refreshIfOlderThan(Duration.ZERO).byName().size();
    }

    /** How many times the list was loaded since start. */
    public long loads() {
        return loads.get();
    }

    public int size() {
        Snapshot s = snapshot;
        return s == null ? 0 : s.byName().size();
    }

    /** When the list was last loaded, or null before the first load. */
    public Instant loadedAt() {
        Snapshot s = snapshot;
        return s == null ? null : s.loadedAt();
    }

    @Override
    public Health health() {
        Snapshot s = snapshot;
        if (s == null) {
            return Health.down().withDetail("reason", "not loaded yet (see the log of refresh-org-unit-directory)").build();
        }
        return Health.up().withDetail("units", s.byName().size()).withDetail("loadedAt", s.loadedAt().toString())
                .withDetail("ageSeconds", Duration.between(s.loadedAt(), Instant.now()).toSeconds()).build();
    }

    private synchronized Snapshot ensureLoaded() {
        if (snapshot == null) {
            snapshot = load();
        }
        return snapshot;
    }

    private synchronized Snapshot refreshIfOlderThan(Duration age) {
        Snapshot current = snapshot;
        if (current != null && current.loadedAt().plus(age).isAfter(Instant.now())) {
            return current;
        }
        snapshot = load();
        return snapshot;
    }

    private Snapshot load() {
        Map<String, OrgUnit> byName = new LinkedHashMap<>();
        Map<String, OrgUnit> byPKey = new LinkedHashMap<>();
        Set<String> seenPages = new HashSet<>();
        String url = listUrl;
        int pages = 0;
        while (url != null) {
            if (!seenPages.add(url) || ++pages > MAX_PAGES) {
                throw new AcsTransientException("orgUnitBase pagination loops at " + url, null, null);
            }
            JsonNode page = get(url);
            for (JsonNode u : page.path("content")) {
                OrgUnit unit = new OrgUnit(u.path("PKey").asText(), u.path("name").asText(), u.path("label").asText());
                byName.put(unit.name(), unit);
                byPKey.put(unit.pkey(), unit);
            }
            JsonNode next = page.path("next").path("href");
            // next.href may be absolute or relative and its cursor is opaque: follow it as given
            url = next.isTextual() && !next.asText().isBlank() ? URI.create(url).resolve(next.asText()).toString() : null;
        }
        LOG.info("Org-unit directory loaded: {} units in {} page(s)", byName.size(), pages);
        loads.incrementAndGet();
        return new Snapshot(Map.copyOf(byName), Map.copyOf(byPKey), Instant.now());
    }

    private JsonNode get(String url) {
        Exchange answer = acs.send("direct:acs-request", e -> {
            e.setProperty("acsMethod", "GET");
            e.setProperty("acsUri", url);
        });
        if (answer.getException() instanceof RuntimeException e) {
            throw e;
        }
        if (answer.getException() != null) {
            throw new AcsTransientException("orgUnitBase listing failed: " + answer.getException(), null, null);
        }
        return answer.getMessage().getBody(JsonNode.class);
    }

    private static OrgUnit lookup(Snapshot s, String wanted) {
        if (wanted.startsWith("@")) {
            return s.byPKey().get(wanted);
        }
        OrgUnit exact = s.byName().get(wanted);
        if (exact != null) {
            return exact;
        }
        List<OrgUnit> caseInsensitive = s.byName().values().stream()
                .filter(u -> u.name().toLowerCase(Locale.ROOT).equals(wanted.toLowerCase(Locale.ROOT)))
                .toList();
        return caseInsensitive.size() == 1 ? caseInsensitive.get(0) : null;
    }
}
