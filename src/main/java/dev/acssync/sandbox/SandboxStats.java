package dev.acssync.sandbox;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Request counts by "METHOD resource status" (status "dropped": closed without an answer), and Campaign requests per
 * epoch second (to check rate limits), and Campaign requests that lacked a header Adobe's examples send. A request
 * counts in the second it arrives, as a tenant meters it, not when its (perhaps delayed) answer leaves: counted at
 * the answer, the calls a latency fault held would all land in the second it was lifted.
 */
final class SandboxStats {
    private final Map<String, AtomicLong> byKey = new ConcurrentHashMap<>();
    private final Map<Long, AtomicLong> campaignPerSecond = new ConcurrentHashMap<>();
    private final AtomicLong inFlight = new AtomicLong();
    private final Map<String, AtomicLong> withoutHeader = new ConcurrentHashMap<>();

    /** A Campaign request has arrived: it is being answered (its latency included). */
    void started() {
        inFlight.incrementAndGet();
        campaignPerSecond.computeIfAbsent(System.currentTimeMillis() / 1000, k -> new AtomicLong()).incrementAndGet();
    }

    void ended() {
        inFlight.decrementAndGet();
    }

    /** Campaign requests being answered now. */
    long inFlight() {
        return inFlight.get();
    }

    void count(String method, String resource, Object status) {
        byKey.computeIfAbsent(method + " " + resource + " " + status, k -> new AtomicLong()).incrementAndGet();
    }

    /** A Campaign request lacked a header every Adobe example sends (counted, not refused: ACS does not refuse it). */
    void missingHeader(String header) {
        withoutHeader.computeIfAbsent(header, k -> new AtomicLong()).incrementAndGet();
    }

    void reset() {
        withoutHeader.clear();
        byKey.clear();
        campaignPerSecond.clear();
    }

    Map<String, Object> snapshot() {
        Map<String, Long> requests = new TreeMap<>();
        byKey.forEach((k, v) -> requests.put(k, v.get()));
        Map<String, Long> perSecond = new TreeMap<>();
        campaignPerSecond.forEach((k, v) -> perSecond.put(String.valueOf(k), v.get()));
        long maxPerSecond = perSecond.values().stream().mapToLong(Long::longValue).max().orElse(0);
        Map<String, Long> missing = new TreeMap<>();
        withoutHeader.forEach((k, v) -> missing.put(k, v.get()));
        return Map.of("requests", requests, "campaignRequestsPerSecond", perSecond, "maxCampaignRequestsInOneSecond", maxPerSecond,
                "campaignRequestsInFlight", inFlight.get(), "campaignRequestsWithoutDocumentedHeader", missing);
    }
}
