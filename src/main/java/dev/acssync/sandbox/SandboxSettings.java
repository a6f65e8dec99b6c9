package dev.acssync.sandbox;

import java.time.Duration;

/**
 * How the sandbox behaves. Every field has a default that mirrors ACS; tests shorten the token lifetime
 * and switch on faults.
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
        int threads,
        Faults faults) {

    public static SandboxSettings defaults() {
        return new SandboxSettings("127.0.0.1", 8089, "sandbox-org", "sandbox-client", "sandbox-secret",
                Duration.ofSeconds(86399), 25, false, 0, 0, 64, Faults.none());
    }

    public SandboxSettings withPort(int newPort) {
        return new SandboxSettings(host, newPort, organization, clientId, clientSecret, tokenLifetime,
                defaultPageSize, relativeNextLinks, syntheticUnits, syntheticProfiles, threads, faults);
    }
}
