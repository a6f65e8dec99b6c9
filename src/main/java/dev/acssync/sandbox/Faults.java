package dev.acssync.sandbox;

/**
 * Fault injection for the Campaign resources (never for the token endpoint or /sandbox), and the ways a real tenant
 * differs from the kind default.
 * <ul>
 * <li>Shares are probabilities between 0 and 1; {@code next…} fail exactly the next N requests, which makes tests
 * deterministic: {@code next429}, {@code next503}; {@code next502} (a gateway's HTML answer); {@code next500Rejected}
 * (ACS's permanent {@code 500 RST-360011}: a record ACS refuses); {@code next500Unexplained} (a 500 with no ACS error
 * code, as Adobe's gateway answers {@code "Oops. Something went wrong"}); {@code next401} (the token refused as
 * expired); {@code next403} ({@code 403003 Api Key is invalid}); {@code nextDrop} (the connection closed without an
 * answer, as a server or load balancer does with a keep-alive connection it has dropped).</li>
 * <li>Hostile answers, for the client's defences: {@code linkOrigin} (e.g. {@code http://127.0.0.1:9999}) makes
 * orgUnitBase's {@code next.href} point to that origin, and {@code redirectOrigin} answers every Campaign request with
 * a 307 redirect to it; empty means off.</li>
 * <li>Tenant variants: {@code emailMatch} {@code exact} (byEmail matches the email as written, case included, as ACS
 * documents its searches) or {@code ignore-case}; {@code orgUnitField} false: the profile resource is not extended
 * with the access-authorization fields, so profiles carry no {@code orgUnit} and a PATCH of it fails with a 500 that
 * has no ACS code.</li>
 * </ul>
 */
public record Faults(
        long latencyMs,
        long latencyJitterMs,
        double share429,
        double share503,
        int retryAfterSeconds,
        int next429,
        int next503,
        int next500Rejected,
        int next401,
        int next403,
        int nextDrop,
        int next502,
        int next500Unexplained,
        String linkOrigin,
        String redirectOrigin,
        String emailMatch,
        boolean orgUnitField) {

    public static final String EXACT = "exact";
    public static final String IGNORE_CASE = "ignore-case";

    public Faults {
        if (!EXACT.equals(emailMatch) && !IGNORE_CASE.equals(emailMatch)) {
            throw new IllegalArgumentException("emailMatch is 'exact' or 'ignore-case', not '" + emailMatch + "'");
        }
    }

    public static Faults none() {
        return atRandom(0, 0, 0, 0, 1);
    }

    /** Latency and random faults only, none of the deterministic next-N faults (how the sandbox starts). */
    public static Faults atRandom(long latencyMs, long latencyJitterMs, double share429, double share503, int retryAfterSeconds) {
        return new Faults(latencyMs, latencyJitterMs, share429, share503, retryAfterSeconds, 0, 0, 0, 0, 0, 0, 0, 0, "", "",
                EXACT, true);
    }

    /** The same faults with one fewer of the counted fault {@code status} (a status, or -1 for a dropped connection). */
    Faults afterOne(int status, boolean explained) {
        return new Faults(latencyMs, latencyJitterMs, share429, share503, retryAfterSeconds,
                next429 - (status == 429 ? 1 : 0), next503 - (status == 503 ? 1 : 0),
                next500Rejected - (status == 500 && explained ? 1 : 0), next401 - (status == 401 ? 1 : 0),
                next403 - (status == 403 ? 1 : 0), nextDrop - (status == -1 ? 1 : 0), next502 - (status == 502 ? 1 : 0),
                next500Unexplained - (status == 500 && !explained ? 1 : 0), linkOrigin, redirectOrigin, emailMatch, orgUnitField);
    }
}
