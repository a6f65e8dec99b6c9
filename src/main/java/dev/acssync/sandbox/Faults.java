package dev.acssync.sandbox;

/**
 * Fault injection for the Campaign resources and the token endpoint (never for /sandbox), and the ways a real tenant
 * differs from the kind default.
 * <ul>
 * <li>Shares are probabilities between 0 and 1; {@code next…} fail exactly the next N requests, which makes tests
 * deterministic: {@code next429}, {@code next503}; {@code next502} (a gateway's HTML answer); {@code next500Rejected}
 * (ACS's permanent {@code 500 RST-360011}: a record ACS refuses); {@code next500Unexplained} (a 500 with no ACS error
 * code, as Adobe's gateway answers {@code "Oops. Something went wrong"}); {@code next401} (the token refused as
 * expired); {@code next403} ({@code 403003 Api Key is invalid}); {@code nextDrop} (the connection closed without an
 * answer, as a server or load balancer does with a keep-alive connection it has dropped); {@code next502Oops} (the
 * gateway's JSON {@code {"code":502,"message":"Oops..."}}, which Adobe documents as a tenant not set up for the API).</li>
 * <li>IMS, the token endpoint: {@code nextTokenInvalidClient} (400 {@code invalid_client}), {@code nextTokenInvalidScope}
 * (400 {@code invalid_scope}), {@code nextToken503} (IMS unavailable).</li>
 * <li>Hostile answers, for the client's defences: {@code linkOrigin} (e.g. {@code http://127.0.0.1:9999}) makes
 * the listings' {@code next.href} (orgUnitBase, profile) point to that origin, and {@code redirectOrigin} answers every Campaign request with
 * a 307 redirect to it; empty means off.</li>
 * <li>Tenant variants: {@code emailMatch} {@code exact} (byEmail matches the email as written, case included, as ACS
 * documents its searches) or {@code ignore-case}; {@code orgUnitField} false: the profile resource is not extended
 * with the access-authorization fields, so profiles and the resource's metadata ({@code resourceType/profile}) carry
 * no {@code orgUnit} and a PATCH of it fails with a 500 that has no ACS code; {@code unknownProfile}
 * {@code not-found} (an unknown, well-formed profile PKey gets ACS's 404 {@code RST-360011}) or
 * {@code not-a-valid-constant} (the answer Adobe's SDK tests show for a made-up key).</li>
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
        boolean orgUnitField,
        int next502Oops,
        String unknownProfile,
        int nextTokenInvalidClient,
        int nextTokenInvalidScope,
        int nextToken503) {

    public static final String EXACT = "exact";
    public static final String IGNORE_CASE = "ignore-case";
    /** An unknown but well-formed profile PKey gets ACS's 404 RST-360011 "Unable to find document" (the default). */
    public static final String NOT_FOUND = "not-found";
    /** ... or the 500 "'<key>' is not a valid constant" Adobe's SDK tests show for a made-up key. */
    public static final String NOT_A_VALID_CONSTANT = "not-a-valid-constant";

    public Faults {
        if (!EXACT.equals(emailMatch) && !IGNORE_CASE.equals(emailMatch)) {
            throw new IllegalArgumentException("emailMatch is 'exact' or 'ignore-case', not '" + emailMatch + "'");
        }
        if (!NOT_FOUND.equals(unknownProfile) && !NOT_A_VALID_CONSTANT.equals(unknownProfile)) {
            throw new IllegalArgumentException("unknownProfile is 'not-found' or 'not-a-valid-constant', not '" + unknownProfile + "'");
        }
    }

    public static Faults none() {
        return atRandom(0, 0, 0, 0, 0);
    }

    /** Latency and random faults only, none of the deterministic next-N faults (how the sandbox starts). */
    public static Faults atRandom(long latencyMs, long latencyJitterMs, double share429, double share503, int retryAfterSeconds) {
        return new Faults(latencyMs, latencyJitterMs, share429, share503, retryAfterSeconds, 0, 0, 0, 0, 0, 0, 0, 0, "", "",
                EXACT, true, 0, NOT_FOUND, 0, 0, 0);
    }

    /** {@link #nextCounted()}'s code for a connection closed without an answer. */
    static final int DROPPED = -1;
    /** {@link #nextCounted()}'s code for a 500 without an ACS error code (a 500 with one is 500). */
    static final int UNEXPLAINED_500 = -500;
    /** {@link #nextCounted()}'s code for the gateway's JSON 502 "Oops" (a 502 page in HTML is 502). */
    static final int OOPS_502 = -502;

    /**
     * The counted fault the next Campaign request meets: 0 for none, an HTTP status, {@link #DROPPED},
     * {@link #UNEXPLAINED_500} or {@link #OOPS_502}.
     */
    int nextCounted() {
        return nextDrop > 0 ? DROPPED : next403 > 0 ? 403 : next401 > 0 ? 401 : next429 > 0 ? 429 : next503 > 0 ? 503
                : next502 > 0 ? 502 : next502Oops > 0 ? OOPS_502 : next500Rejected > 0 ? 500
                : next500Unexplained > 0 ? UNEXPLAINED_500 : 0;
    }

    /** {@link #nextTokenFault()}'s codes: IMS's invalid_client and invalid_scope (503 is 503). */
    static final int INVALID_CLIENT = -4001;
    static final int INVALID_SCOPE = -4002;

    /** The counted fault the next token request meets: 0 for none, {@link #INVALID_CLIENT}, {@link #INVALID_SCOPE} or 503. */
    int nextTokenFault() {
        return nextTokenInvalidClient > 0 ? INVALID_CLIENT : nextTokenInvalidScope > 0 ? INVALID_SCOPE
                : nextToken503 > 0 ? 503 : 0;
    }

    /** The same faults with one fewer of the token fault {@code code} (as {@link #nextTokenFault()} gave it). */
    Faults afterOneTokenFault(int code) {
        return new Faults(latencyMs, latencyJitterMs, share429, share503, retryAfterSeconds, next429, next503,
                next500Rejected, next401, next403, nextDrop, next502, next500Unexplained, linkOrigin, redirectOrigin,
                emailMatch, orgUnitField, next502Oops, unknownProfile,
                nextTokenInvalidClient - (code == INVALID_CLIENT ? 1 : 0), nextTokenInvalidScope - (code == INVALID_SCOPE ? 1 : 0),
                nextToken503 - (code == 503 ? 1 : 0));
    }

    /** The same faults with one fewer of the counted fault {@code code} (as {@link #nextCounted()} gave it). */
    Faults afterOne(int code) {
        return new Faults(latencyMs, latencyJitterMs, share429, share503, retryAfterSeconds,
                next429 - (code == 429 ? 1 : 0), next503 - (code == 503 ? 1 : 0), next500Rejected - (code == 500 ? 1 : 0),
                next401 - (code == 401 ? 1 : 0), next403 - (code == 403 ? 1 : 0), nextDrop - (code == DROPPED ? 1 : 0),
                next502 - (code == 502 ? 1 : 0), next500Unexplained - (code == UNEXPLAINED_500 ? 1 : 0),
                linkOrigin, redirectOrigin, emailMatch, orgUnitField, next502Oops - (code == OOPS_502 ? 1 : 0), unknownProfile,
                nextTokenInvalidClient, nextTokenInvalidScope, nextToken503);
    }
}
