package io.cfnazure.localcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.cfnazure.localcloud.EntraIdStandIn.EntraError;
import io.cfnazure.localcloud.EntraIdStandIn.FederatedCredential;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.function.Predicate;

/**
 * Entra ID's check of a client assertion against an app's federated identity credentials (workload identity
 * federation), in Entra's order and with its answers: a credential must name the assertion's issuer, then its
 * subject, then its audience; then the signature must verify with a key the issuer publishes (its OIDC discovery
 * document, fetched over HTTPS, names the JWKS); then the assertion must be within its time range.
 */
final class ClientAssertions {

    static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    /** Entra's tolerance for clocks that disagree, on both ends of an assertion's time range. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);
    private static final String WORKLOAD_IDENTITY_DOCS = "https://learn.microsoft.com/entra/workload-id/"
        + "workload-identity-federation";
    private static final DateTimeFormatter ERROR_TIME =
        DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** Trusts the test certificate only: the issuers Entra reaches here are the local ones. */
    private final HttpClient https = HttpClient.newBuilder()
        .sslContext(TestCertificate.get().clientSslContext())
        .connectTimeout(FETCH_TIMEOUT)
        .build();

    /** Null when the assertion is one of the credentials' and valid now; else Entra's refusal. */
    EntraError refusal(final String assertionType, final String assertion, final List<FederatedCredential> credentials) {
        if (!JWT_BEARER.equals(assertionType) || assertion == null) {
            return new EntraError(400, "invalid_request", 900144, "The request body must contain the following "
                + "parameter: '" + (assertion == null ? "client_assertion" : "client_assertion_type") + "'.");
        }
        final SignedJWT jwt;
        final JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(assertion);
            claims = jwt.getJWTClaimsSet();
        } catch (final ParseException e) {
            return new EntraError(400, "invalid_request", 50027, "JWT token is invalid or malformed.");
        }
        final String audience = claims.getAudience().isEmpty() ? null : String.join(",", claims.getAudience());
        if (credentials.isEmpty()) {
            return new EntraError(400, "invalid_request", 70021, String.format("No matching federated identity "
                + "record found for presented assertion. Assertion Issuer: '%s'. Assertion Subject: '%s'. Assertion "
                + "Audience: '%s'. %s", claims.getIssuer(), claims.getSubject(), audience, WORKLOAD_IDENTITY_DOCS));
        }
        final EntraError unmatched = firstUnmatched(claims, audience, credentials);
        if (unmatched != null) {
            return unmatched;
        }
        final EntraError badSignature = signatureRefusal(jwt, claims.getIssuer());
        if (badSignature != null) {
            return badSignature;
        }
        return timeRangeRefusal(claims);
    }

    /** Issuer, then subject, then audience: the first that no credential (still in the running) names. */
    private static EntraError firstUnmatched(final JWTClaimsSet claims, final String audience,
                                             final List<FederatedCredential> credentials) {
        final List<FederatedCredential> byIssuer = matching(credentials,
            credential -> credential.issuer().equals(claims.getIssuer()));
        if (byIssuer.isEmpty()) {
            return noRecord(700211, "issuer", claims.getIssuer());
        }
        final List<FederatedCredential> bySubject = matching(byIssuer,
            credential -> credential.subject().equals(claims.getSubject()));
        if (bySubject.isEmpty()) {
            return noRecord(700213, "subject", claims.getSubject());
        }
        if (matching(bySubject, credential -> credential.audiences().stream()
            .anyMatch(claims.getAudience()::contains)).isEmpty()) {
            return noRecord(700212, "audience", audience);
        }
        return null;
    }

    private static List<FederatedCredential> matching(final List<FederatedCredential> credentials,
                                                      final Predicate<FederatedCredential> test) {
        return credentials.stream().filter(test).toList();
    }

    private static EntraError noRecord(final int code, final String claim, final String value) {
        return new EntraError(401, "invalid_client", code, String.format("No matching federated identity record "
            + "found for presented assertion %s '%s'. Please check your federated identity credential Subject, "
            + "Audience and Issuer against the presented assertion. %s", claim, value, WORKLOAD_IDENTITY_DOCS));
    }

    private EntraError signatureRefusal(final SignedJWT jwt, final String issuer) {
        final JWKSet keys;
        try {
            keys = publishedKeys(issuer);
        } catch (final IOException | ParseException e) {
            return issuerUnreachable();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return issuerUnreachable();
        }
        final String keyId = jwt.getHeader().getKeyID();
        final JWK key = keyId == null ? null : keys.getKeyByKeyId(keyId);
        if (!(key instanceof RSAKey rsaKey) || !JWSAlgorithm.Family.RSA.contains(jwt.getHeader().getAlgorithm())) {
            return badSignature("The key was not found.", keyId);
        }
        try {
            return jwt.verify(new RSASSAVerifier(rsaKey)) ? null
                : badSignature("The provided signature value did not match the expected signature value.", keyId);
        } catch (final JOSEException e) {
            return badSignature("The signature could not be verified.", keyId);
        }
    }

    /** Entra's answer when the issuer's discovery document or keys cannot be had (AADSTS50166 is seen for it too). */
    private static EntraError issuerUnreachable() {
        return new EntraError(400, "invalid_request", 90061, "Request to External OIDC endpoint failed.");
    }

    private static EntraError badSignature(final String reason, final String keyId) {
        return new EntraError(401, "invalid_client", 700027, String.format("Client assertion failed signature "
            + "validation. [Reason - %s, Thumbprint of key used by client: '%s']", reason, keyId));
    }

    /** The issuer's JWKS, found through its OIDC discovery document, as Entra finds it. */
    private JWKSet publishedKeys(final String issuer) throws IOException, InterruptedException, ParseException {
        final JsonNode configuration = StandInServer.JSON.readTree(get(issuer + "/.well-known/openid-configuration"));
        final String jwksUri = configuration.path("jwks_uri").asText("");
        if (!issuer.equals(configuration.path("issuer").asText()) || !jwksUri.startsWith("https://")) {
            throw new IOException("The discovery document of " + issuer + " names another issuer or no HTTPS JWKS");
        }
        return JWKSet.parse(get(jwksUri));
    }

    private String get(final String url) throws IOException, InterruptedException {
        final HttpResponse<String> response = https.send(HttpRequest.newBuilder(URI.create(url))
            .timeout(FETCH_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode());
        }
        return response.body();
    }

    private static EntraError timeRangeRefusal(final JWTClaimsSet claims) {
        final Instant now = Instant.now();
        final Instant validFrom = instant(claims.getNotBeforeTime(), Instant.EPOCH);
        final Instant expiry = instant(claims.getExpirationTime(), Instant.EPOCH);
        if (now.isBefore(validFrom.minus(CLOCK_SKEW)) || !now.isBefore(expiry.plus(CLOCK_SKEW))) {
            return new EntraError(401, "invalid_client", 700024, String.format("Client assertion is not within its "
                + "valid time range. Current time: %s, assertion valid from %s, expiry time of assertion %s. Review "
                + "the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .",
                ERROR_TIME.format(now), ERROR_TIME.format(validFrom), ERROR_TIME.format(expiry)));
        }
        return null;
    }

    private static Instant instant(final Date date, final Instant otherwise) {
        return date == null ? otherwise : date.toInstant();
    }
}
