package io.cfnazure.access.signin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfnazure.access.calls.Deadline;
import io.cfnazure.access.calls.WarmCache;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.model.GetWebIdentityTokenRequest;
import software.amazon.awssdk.services.sts.model.GetWebIdentityTokenResponse;

/**
 * Short-lived JWTs that AWS STS signs for a role (IAM outbound identity federation, sts:GetWebIdentityToken), asked
 * for on the Region's own endpoint within the deadline: the handlers ask with the caller's credentials, the backup
 * copy service with its function's role. One is reused by the same caller for the same audience until shortly before
 * it expires: azure-identity asks for the assertion more than once per sign-in.
 */
public class AwsWebIdentityTokens {

    /** Long enough for one sign-in; short, so a leaked token is worth little. */
    static final int DURATION_SECONDS = 300;
    private static final Duration REUSE_MARGIN = Duration.ofSeconds(60);
    private static final int MAX_CACHED = 32;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A token, and the claims that say who it names (for messages about Entra's federated credentials). */
    public record Token(String jwt, Instant expiresAt, String issuer, String subject) {
        @Override
        public String toString() {
            return "AwsWebIdentityTokens.Token[" + issuer + ", " + subject + ", expires " + expiresAt + "]";
        }
    }

    /** Calls GetWebIdentityToken with some AWS credentials, keeping the time limits the request carries. */
    @FunctionalInterface
    public interface Sts {
        GetWebIdentityTokenResponse getWebIdentityToken(GetWebIdentityTokenRequest request);
    }

    private record Key(String callerIdentity, String region, String audience) {
    }

    private final Clock clock;
    private final SignInTerms terms;
    private final WarmCache<Key, Token> tokens = new WarmCache<>(MAX_CACHED);

    public AwsWebIdentityTokens(final Clock clock, final SignInTerms terms) {
        this.clock = clock;
        this.terms = terms;
    }

    /**
     * @param sts            STS with the credentials whose role the token names
     * @param accountId      that role's account (named when federation is off there), or null when not known
     * @param callerIdentity what tells the credentials apart (a hash of the access key id), or null for the process's
     *                       own role
     */
    public Token get(final Sts sts, final String accountId, final String region, final String audience,
                     final String callerIdentity, final Deadline deadline) {
        final Key key = new Key(callerIdentity, region, audience);
        final Token cached = tokens.get(key);
        if (cached != null && cached.expiresAt().minus(REUSE_MARGIN).isAfter(clock.instant())) {
            return cached;
        }
        final Token token = request(sts, accountId, region, audience, deadline);
        tokens.put(key, token);
        return token;
    }

    /** Forgets a token Entra ID refused, so the next sign-in presents a new one. */
    public void forget(final String callerIdentity, final String region, final String audience) {
        tokens.remove(new Key(callerIdentity, region, audience));
    }

    private Token request(final Sts sts, final String accountId, final String region, final String audience,
                          final Deadline deadline) {
        final Duration timeLeft = deadline.remaining();
        if (timeLeft.toMillis() < 2) {
            throw StsFailures.translate(ApiCallTimeoutException.create(0), accountId, region, audience, terms);
        }
        try {
            final GetWebIdentityTokenResponse response = sts.getWebIdentityToken(GetWebIdentityTokenRequest.builder()
                .audience(audience)
                .signingAlgorithm("RS256")
                .durationSeconds(DURATION_SECONDS)
                .overrideConfiguration(o -> o.apiCallTimeout(timeLeft).apiCallAttemptTimeout(timeLeft.dividedBy(2)))
                .build());
            final JsonNode claims = claims(response.webIdentityToken());
            return new Token(response.webIdentityToken(), response.expiration(), claims.path("iss").asText(null),
                claims.path("sub").asText(null));
        } catch (final SdkException e) {
            throw StsFailures.translate(e, accountId, region, audience, terms);
        }
    }

    /** The JWT's claims, read without checking the signature: only to name issuer and subject in messages. */
    private static JsonNode claims(final String jwt) {
        final String[] parts = jwt == null ? new String[0] : jwt.split("\\.");
        try {
            return parts.length == 3 ? JSON.readTree(Base64.getUrlDecoder().decode(parts[1]))
                : JSON.createObjectNode();
        } catch (final IOException | IllegalArgumentException e) {
            return JSON.createObjectNode();
        }
    }
}
