package io.cfnazure.benchmarks;

import io.cfnazure.localcloud.LocalCloud;

/**
 * Requests made to sign in, as the local cloud's stand-ins count them: Secrets Manager requests, web identity tokens
 * STS issued to the caller, and Entra ID tokens issued to one app. The difference of two readings is what happened in
 * between (the benchmark makes its own requests only outside the measured invocations).
 */
record RoundTrips(int secretReads, int stsTokens, int entraTokens) {

    static RoundTrips countedBy(final LocalCloud cloud, final String clientId) {
        return new RoundTrips(cloud.secretsManager().requests(),
            cloud.sts().tokensIssued(cloud.callerCredentials().accessKeyId()),
            cloud.entraId().tokenRequests(clientId));
    }

    RoundTrips minus(final RoundTrips earlier) {
        return new RoundTrips(secretReads - earlier.secretReads, stsTokens - earlier.stsTokens,
            entraTokens - earlier.entraTokens);
    }

    RoundTrips plus(final RoundTrips other) {
        return new RoundTrips(secretReads + other.secretReads, stsTokens + other.stsTokens,
            entraTokens + other.entraTokens);
    }

    /** "1 secret read, 0 STS tokens and 1 Entra ID token". */
    String described() {
        return String.format("%s, %s and %s", plural(secretReads, "secret read"), plural(stsTokens, "STS token"),
            plural(entraTokens, "Entra ID token"));
    }

    /** "1, 0, 1": secret reads, STS tokens, Entra ID tokens. */
    String figures() {
        return secretReads + ", " + stsTokens + ", " + entraTokens;
    }

    /** "1 STS token", "0 STS tokens". */
    static String plural(final int n, final String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
