package dev.acssync.sandbox;

import java.time.Duration;

/**
 * How the sandbox behaves. Every field has a default that mirrors ACS; tests shorten the token lifetime
 * and switch on faults.
 *
 * @param bigTableThreshold above this many profiles, a profile listing without {@code _forcePagination=true} stops
 *        after its first page (ACS's XtkBigTableThreshold, 100,000 by default)
 * @param profilePageCap the largest page of the profile listing: a larger {@code _lineCount} is served as this.
 *        Adobe publishes no maximum; 1000 is our assumption
 */
public record SandboxSettings(
        String host,
        int port,
        String organization,
        String clientId,
        String clientSecret,
        Duration tokenLifetime,
        int defaultPageSize,
        boolean relativeNextLinks,
        int syntheticUnits,
        int syntheticProfiles,
        int bigTableThreshold,
        int profilePageCap,
        int threads,
        Faults faults) {

    public static final int DEFAULT_BIG_TABLE_THRESHOLD = 100_000;
    public static final int DEFAULT_PROFILE_PAGE_CAP = 1000;

    public SandboxSettings {
        if (profilePageCap < 1) {
            throw new IllegalArgumentException("profilePageCap must be at least 1, not " + profilePageCap);
        }
        if (syntheticProfiles < 0 || bigTableThreshold < 0) {
            throw new IllegalArgumentException("syntheticProfiles and bigTableThreshold cannot be negative");
        }
    }

    public static SandboxSettings defaults() {
        return new SandboxSettings("127.0.0.1", 8089, "sandbox-org", "sandbox-client", "sandbox-secret",
                Duration.ofSeconds(86399), 25, false, 0, 0, DEFAULT_BIG_TABLE_THRESHOLD, DEFAULT_PROFILE_PAGE_CAP,
                64, Faults.none());
    }

    /** Settings from {@code --name=value} arguments (see {@link AcsSandbox#main}); a bare number is the port. */
    public static SandboxSettings fromArgs(String[] args) {
        java.util.Map<String, String> a = new java.util.HashMap<>();
        for (String arg : args) {
            if (arg.matches("\\d+")) {
                a.put("port", arg);
            } else if (arg.startsWith("--") && arg.contains("=")) {
                a.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else {
                throw new IllegalArgumentException("expected --name=value, got " + arg);
            }
        }
        SandboxSettings d = defaults();
        Faults f = d.faults();
        return new SandboxSettings(d.host(), Integer.parseInt(a.getOrDefault("port", "" + d.port())),
                a.getOrDefault("organization", d.organization()),
                a.getOrDefault("client-id", d.clientId()), a.getOrDefault("client-secret", d.clientSecret()),
                Duration.ofSeconds(Long.parseLong(a.getOrDefault("token-lifetime-seconds", "" + d.tokenLifetime().toSeconds()))),
                Integer.parseInt(a.getOrDefault("page-size", "" + d.defaultPageSize())), false,
                Integer.parseInt(a.getOrDefault("synthetic-units", "0")),
                Integer.parseInt(a.getOrDefault("synthetic-profiles", "0")),
                Integer.parseInt(a.getOrDefault("big-table-threshold", "" + d.bigTableThreshold())),
                Integer.parseInt(a.getOrDefault("profile-page-cap", "" + d.profilePageCap())),
                Integer.parseInt(a.getOrDefault("threads", "" + d.threads())),
                Faults.atRandom(Long.parseLong(a.getOrDefault("latency-ms", "0")), Long.parseLong(a.getOrDefault("latency-jitter-ms", "0")),
                        Double.parseDouble(a.getOrDefault("share-429", "0")), Double.parseDouble(a.getOrDefault("share-503", "0")),
                        Integer.parseInt(a.getOrDefault("retry-after-seconds", "" + f.retryAfterSeconds()))));
    }

    public SandboxSettings withPort(int newPort) {
        return new SandboxSettings(host, newPort, organization, clientId, clientSecret, tokenLifetime, defaultPageSize,
                relativeNextLinks, syntheticUnits, syntheticProfiles, bigTableThreshold, profilePageCap, threads, faults);
    }

    public SandboxSettings withSyntheticProfiles(int count) {
        return new SandboxSettings(host, port, organization, clientId, clientSecret, tokenLifetime, defaultPageSize,
                relativeNextLinks, syntheticUnits, count, bigTableThreshold, profilePageCap, threads, faults);
    }

    public SandboxSettings withBigTableThreshold(int threshold) {
        return new SandboxSettings(host, port, organization, clientId, clientSecret, tokenLifetime, defaultPageSize,
                relativeNextLinks, syntheticUnits, syntheticProfiles, threshold, profilePageCap, threads, faults);
    }

    public SandboxSettings withProfilePageCap(int cap) {
        return new SandboxSettings(host, port, organization, clientId, clientSecret, tokenLifetime, defaultPageSize,
                relativeNextLinks, syntheticUnits, syntheticProfiles, bigTableThreshold, cap, threads, faults);
    }
}
