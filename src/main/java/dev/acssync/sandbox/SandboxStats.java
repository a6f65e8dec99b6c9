package dev.acssync.sandbox;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Request counts by "METHOD resource status" (status "dropped": closed without an answer), and Campaign requests per
 * epoch second (to check rate limits).
 */
final class SandboxStats {
    private final Map<String, AtomicLong> byKey = new ConcurrentHashMap<>();
    private final Map<Long, AtomicLong> campaignPerSecond = new ConcurrentHashMap<>();

    void count(String method, String resource, Object status) {
        byKey.computeIfAbsent(method + " " + resource + " " + status, k -> new AtomicLong()).incrementAndGet();
        if (!resource.equals("token") && !resource.startsWith("sandbox")) {
            campaignPerSecond.computeIfAbsent(System.currentTimeMillis() / 1000, k -> new AtomicLong()).incrementAndGet();
        }
    }

    void reset() {
        byKey.clear();
        campaignPerSecond.clear();
    }

    Map<String, Object> snapshot() {
        Map<String, Long> requests = new TreeMap<>();
        byKey.forEach((k, v) -> requests.put(k, v.get()));
        Map<String, Long> perSecond = new TreeMap<>();
        campaignPerSecond.forEach((k, v) -> perSecond.put(String.valueOf(k), v.get()));
        long maxPerSecond = perSecond.values().stream().mapToLong(Long::longValue).max().orElse(0);
        return Map.of("requests", requests, "campaignRequestsPerSecond", perSecond, "maxCampaignRequestsInOneSecond", maxPerSecond);
    }
}
