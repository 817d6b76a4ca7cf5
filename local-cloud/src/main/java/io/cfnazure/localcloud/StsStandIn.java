package io.cfnazure.localcloud;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stand-in for AWS STS's {@code GetWebIdentityToken} (IAM outbound identity federation) over the AWS query protocol,
 * and for the OIDC issuers of the accounts that enabled federation.
 * <p>
 * The API ({@link #endpoint()}, plain HTTP like the Secrets Manager stand-in) is one Region's endpoint: like AWS it
 * checks each request's SigV4 signature and session token against {@link AwsCallers}, and answers only requests
 * signed for its own Region. How it tells a regional client from a global one: the AWS SDK signs with the client's
 * Region, and a client of the global endpoint ({@code Region.AWS_GLOBAL}) whose endpoint is overridden signs with
 * {@code aws-global}; a client of another Region signs with that Region. Both are refused with AWS's answer to a
 * signature scoped to the wrong Region, so a handler that does not call its request's Region's endpoint fails here.
 * <p>
 * Callers of a role with a policy attached ({@link #attachRolePolicy}) get tokens only for the requests it allows
 * (the context keys sts:IdentityTokenAudience, sts:SigningAlgorithm and sts:DurationSeconds, the last 300 when the
 * request names none), as IAM evaluates a role's policies before STS answers.
 * <p>
 * Tokens are RS256 JWTs with AWS's claims: {@code iss} the account's issuer, {@code sub} the caller's role ARN,
 * {@code aud}, {@code iat}, {@code nbf}, {@code exp}, {@code jti} and AWS's own under {@code https://sts.amazonaws.com/}.
 * The issuers ({@link #enableFederation(String)}) are served over HTTPS on a host of their own, as AWS serves them
 * apart from the STS endpoints: {@code /.well-known/openid-configuration} and the JWKS it names.
 */
public final class StsStandIn implements AutoCloseable {

    public static final String API_VERSION = "2011-06-15";
    private static final String NAMESPACE = "https://sts.amazonaws.com/doc/" + API_VERSION + "/";
    private static final String CONTENT_TYPE = "text/xml";
    private static final String AWS_CLAIMS = "https://sts.amazonaws.com/";
    private static final String WELL_KNOWN_CONFIGURATION = "/.well-known/openid-configuration";
    private static final String WELL_KNOWN_JWKS = "/.well-known/jwks.json";
    private static final int DEFAULT_DURATION_SECONDS = 300;
    private static final int MAX_AUDIENCES = 10;

    private final String region;
    private final AwsCallers callers;
    private final RSAKey signingKey = rsaKey();
    /** A key with the same key ID that no issuer publishes: what a forger signs with. */
    private final RSAKey unpublishedKey = rsaKey(signingKey.getKeyID());
    /** Account → issuer path (an opaque ID, as in AWS's issuer URLs). */
    private final Map<String, String> issuerPaths = new ConcurrentHashMap<>();
    private final Set<String> federationEnabled = ConcurrentHashMap.newKeySet();
    private final Set<String> denied = ConcurrentHashMap.newKeySet();
    /** Role ARN → what its policies allow; a caller of a role without one here may ask for any token. */
    private final Map<String, WebIdentityTokenPolicy> rolePolicies = new ConcurrentHashMap<>();
    private final Set<String> forged = ConcurrentHashMap.newKeySet();
    private final Map<String, Duration> clockOffsets = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> issuedByCaller = new ConcurrentHashMap<>();
    private final List<String> issuedTokens = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final StandInServer api;
    private final StandInServer issuers;

    private StsStandIn(final String region, final AwsCallers callers) {
        this.region = region;
        this.callers = callers;
        this.api = StandInServer.http(this::handleApi);
        this.issuers = StandInServer.https(this::handleIssuer);
    }

    /**
     * @param region  the Region whose endpoint this is: the only one requests may be signed for
     * @param callers who may call: the callers the other AWS stand-ins know too
     */
    public static StsStandIn start(final String region, final AwsCallers callers) {
        return new StsStandIn(region, callers);
    }

    /** The Region's STS endpoint, for the AWS SDK's {@code aws.endpointUrlSts}. */
    public String endpoint() {
        return "http://127.0.0.1:" + api.port();
    }

    /**
     * Enables outbound identity federation in the account (iam:EnableOutboundWebIdentityFederation), and returns the
     * account's issuer URL, the same on every call, as iam:GetOutboundWebIdentityFederationInfo does.
     */
    public String enableFederation(final String accountId) {
        federationEnabled.add(accountId);
        return issuerUrl(accountId);
    }

    /** As iam:DisableOutboundWebIdentityFederation: the account's callers get no more tokens. */
    public void disableFederation(final String accountId) {
        federationEnabled.remove(accountId);
    }

    /**
     * From now on, the callers of {@code roleArn} get a token only for requests this policy allows, as IAM evaluates
     * the role's policies (iam:PutRolePolicy); others are AccessDenied. Replaces the role's earlier policy.
     */
    public void attachRolePolicy(final String roleArn, final WebIdentityTokenPolicy policy) {
        rolePolicies.put(roleArn, policy);
    }

    /** As if the caller's role had no policy allowing sts:GetWebIdentityToken. */
    public void denyWebIdentityTokens(final String accessKeyId) {
        denied.add(accessKeyId);
    }

    /** Tokens for this caller are signed with a key its issuer does not publish, under the published key's ID. */
    public void signWithUnpublishedKey(final String accessKeyId) {
        forged.add(accessKeyId);
    }

    /**
     * Dates this caller's tokens by {@code offset} from now, as a clock that is off would: an offset further back than
     * the token's duration gives tokens that expired when issued.
     */
    public void shiftClock(final String accessKeyId, final Duration offset) {
        clockOffsets.put(accessKeyId, offset);
    }

    /** All API requests received, refused ones included. */
    public int requests() {
        return requests.get();
    }

    /** Tokens issued to this caller. */
    public int tokensIssued(final String accessKeyId) {
        final AtomicInteger issued = issuedByCaller.get(accessKeyId);
        return issued == null ? 0 : issued.get();
    }

    /** Every token issued so far, for tests that check none of them leaks into logs or answers. */
    public List<String> issuedTokens() {
        return List.copyOf(issuedTokens);
    }

    /** Slow, missing, throttling, failing or unreadable API answers, on request (see {@link Faults}). */
    public Faults faults() {
        return api.faults();
    }

    /** The issuers' outages, on request: what Entra ID meets when it fetches a discovery document or keys. */
    public Faults issuerFaults() {
        return issuers.faults();
    }

    @Override
    public void close() {
        api.close();
        issuers.close();
    }

    private String issuerUrl(final String accountId) {
        return "https://127.0.0.1:" + issuers.port()
            + issuerPaths.computeIfAbsent(accountId, account -> "/" + UUID.randomUUID());
    }

    private void handleIssuer(final HttpExchange exchange) throws IOException {
        final String path = exchange.getRequestURI().getPath();
        final Optional<String> account = issuerPaths.entrySet().stream()
            .filter(issuer -> path.equals(issuer.getValue() + WELL_KNOWN_CONFIGURATION)
                || path.equals(issuer.getValue() + WELL_KNOWN_JWKS))
            .map(Map.Entry::getKey)
            .findFirst();
        if (!"GET".equals(exchange.getRequestMethod()) || account.isEmpty()) {
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        final String issuer = issuerUrl(account.get());
        if (path.endsWith(WELL_KNOWN_JWKS)) {
            StandInServer.send(exchange, 200, "application/json", Map.of(),
                new JWKSet(signingKey.toPublicJWK()).toString(true).getBytes(StandardCharsets.UTF_8));
            return;
        }
        final Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("issuer", issuer);
        configuration.put("jwks_uri", issuer + WELL_KNOWN_JWKS);
        configuration.put("response_types_supported", List.of("id_token"));
        configuration.put("subject_types_supported", List.of("public"));
        configuration.put("id_token_signing_alg_values_supported", List.of("RS256", "ES384"));
        StandInServer.sendJson(exchange, 200, "application/json", Map.of(), configuration);
    }

    private void handleApi(final HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        final byte[] body = exchange.getRequestBody().readAllBytes();
        final String requestId = UUID.randomUUID().toString();
        int status = 200;
        String answer;
        try {
            final AwsCallers.Caller caller = authenticate(exchange, body);
            final Map<String, String> form = StandInServer.form(body);
            if (!"GetWebIdentityToken".equals(form.get("Action")) || !API_VERSION.equals(form.get("Version"))) {
                throw new StsError(400, "InvalidAction", "Could not find operation " + form.get("Action")
                    + " for version " + form.get("Version"));
            }
            answer = getWebIdentityToken(caller, form, requestId);
        } catch (final StsError e) {
            status = e.status;
            answer = e.xml(requestId);
        }
        StandInServer.send(exchange, status, CONTENT_TYPE, Map.of("x-amzn-RequestId", requestId),
            answer.getBytes(StandardCharsets.UTF_8));
    }

    private AwsCallers.Caller authenticate(final HttpExchange exchange, final byte[] body) throws StsError {
        final AwsCallers.Signed signed;
        try {
            signed = callers.authenticate(exchange, body);
        } catch (final AwsCallers.Refused e) {
            throw switch (e.refusal()) {
                case MISSING_AUTHENTICATION -> new StsError(403, "MissingAuthenticationToken",
                    "Request is missing Authentication Token");
                case UNKNOWN_CALLER -> new StsError(403, "InvalidClientTokenId",
                    "The security token included in the request is invalid.");
                case SIGNATURE_MISMATCH -> new StsError(403, "SignatureDoesNotMatch", "The request signature we "
                    + "calculated does not match the signature you provided. Check your AWS Secret Access Key and "
                    + "signing method. Consult the service documentation for details.");
            };
        }
        if (!"sts".equals(signed.service())) {
            throw new StsError(403, "SignatureDoesNotMatch", "Credential should be scoped to correct service: 'sts'.");
        }
        if (!region.equals(signed.region())) {
            // What a regional endpoint answers a signature scoped to another Region (aws-global included).
            throw new StsError(403, "SignatureDoesNotMatch", "Credential should be scoped to a valid region.");
        }
        return signed.caller();
    }

    private String getWebIdentityToken(final AwsCallers.Caller caller, final Map<String, String> form,
                                       final String requestId) throws StsError {
        final List<String> audiences = audiences(form);
        final String algorithm = form.get("SigningAlgorithm");
        if (algorithm == null) {
            throw validationError("Value null at 'signingAlgorithm' failed to satisfy constraint: Member must not be "
                + "null");
        }
        if (!Set.of("RS256", "ES384").contains(algorithm)) {
            throw validationError("Value '" + algorithm + "' at 'signingAlgorithm' failed to satisfy constraint: "
                + "Member must satisfy enum value set: [RS256, ES384]");
        }
        final int duration = duration(form.get("DurationSeconds"));
        final WebIdentityTokenPolicy policy = rolePolicies.get(caller.roleArn());
        if (denied.contains(caller.accessKeyId())
            || policy != null && !policy.allows(audiences, algorithm, duration)) {
            throw new StsError(403, "AccessDenied", "User: " + caller.sessionArn() + " is not authorized to perform: "
                + "sts:GetWebIdentityToken because no identity-based policy allows the sts:GetWebIdentityToken action");
        }
        if (!federationEnabled.contains(caller.accountId())) {
            throw new StsError(403, "OutboundWebIdentityFederationDisabledException", "The outbound web identity "
                + "federation feature is not enabled for this account. To use this feature, you must first enable it "
                + "through the AWS Management Console or API.");
        }
        // After the policy check: a role's policy may refuse ES384, which AWS would sign.
        if (!"RS256".equals(algorithm)) {
            throw validationError("The STS stand-in signs RS256 only, not " + algorithm);
        }
        final Instant issuedAt = Instant.now().plus(clockOffsets.getOrDefault(caller.accessKeyId(), Duration.ZERO))
            .truncatedTo(ChronoUnit.SECONDS);
        final Instant expiration = issuedAt.plusSeconds(duration);
        final String token = sign(caller, audiences, issuedAt, expiration);
        issuedTokens.add(token);
        issuedByCaller.computeIfAbsent(caller.accessKeyId(), key -> new AtomicInteger()).incrementAndGet();
        return "<GetWebIdentityTokenResponse xmlns=\"" + NAMESPACE + "\">"
            + "<GetWebIdentityTokenResult>"
            + "<WebIdentityToken>" + token + "</WebIdentityToken>"
            + "<Expiration>" + expiration + "</Expiration>"
            + "</GetWebIdentityTokenResult>"
            + "<ResponseMetadata><RequestId>" + requestId + "</RequestId></ResponseMetadata>"
            + "</GetWebIdentityTokenResponse>";
    }

    private String sign(final AwsCallers.Caller caller, final List<String> audiences, final Instant issuedAt,
                        final Instant expiration) {
        final Map<String, Object> awsClaims = new LinkedHashMap<>();
        awsClaims.put("aws_account", caller.accountId());
        awsClaims.put("source_region", region);
        awsClaims.put("principal_id", caller.roleArn());
        final JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
            .issuer(issuerUrl(caller.accountId()))
            .subject(caller.roleArn())
            .issueTime(Date.from(issuedAt))
            .notBeforeTime(Date.from(issuedAt))
            .expirationTime(Date.from(expiration))
            .jwtID(UUID.randomUUID().toString())
            .claim(AWS_CLAIMS, awsClaims);
        // One audience is a string claim, several an array, as RFC 7519 allows and AWS's sample token shows.
        if (audiences.size() == 1) {
            claims.audience(audiences.get(0));
        } else {
            claims.audience(audiences);
        }
        final SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
            .type(JOSEObjectType.JWT)
            .keyID(signingKey.getKeyID())
            .build(), claims.build());
        try {
            jwt.sign(new RSASSASigner(forged.contains(caller.accessKeyId()) ? unpublishedKey : signingKey));
        } catch (final JOSEException e) {
            throw new IllegalStateException("Cannot sign a web identity token", e);
        }
        return jwt.serialize();
    }

    /** {@code Audience.member.1} ... {@code Audience.member.N}, in order. */
    private static List<String> audiences(final Map<String, String> form) throws StsError {
        final List<String> audiences = new ArrayList<>();
        for (int member = 1; form.containsKey("Audience.member." + member); member++) {
            audiences.add(form.get("Audience.member." + member));
        }
        if (audiences.isEmpty()) {
            throw validationError("Value null at 'audience' failed to satisfy constraint: Member must not be null");
        }
        if (audiences.size() > MAX_AUDIENCES) {
            throw validationError("Value '" + audiences + "' at 'audience' failed to satisfy constraint: Member must "
                + "have length less than or equal to " + MAX_AUDIENCES);
        }
        return audiences;
    }

    private static int duration(final String value) throws StsError {
        if (value == null) {
            return DEFAULT_DURATION_SECONDS;
        }
        final int seconds;
        try {
            seconds = Integer.parseInt(value);
        } catch (final NumberFormatException e) {
            throw validationError("Value '" + value + "' at 'durationSeconds' failed to satisfy constraint: Member "
                + "must be a number");
        }
        if (seconds < 60 || seconds > 3600) {
            throw validationError("Value '" + seconds + "' at 'durationSeconds' failed to satisfy constraint: Member "
                + "must have value " + (seconds < 60 ? "greater than or equal to 60" : "less than or equal to 3600"));
        }
        return seconds;
    }

    private static StsError validationError(final String problem) {
        return new StsError(400, "ValidationError", "1 validation error detected: " + problem);
    }

    private static RSAKey rsaKey() {
        return rsaKey(UUID.randomUUID().toString());
    }

    private static RSAKey rsaKey(final String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                .generate();
        } catch (final JOSEException e) {
            throw new IllegalStateException("Cannot make an RSA key", e);
        }
    }

    /** An AWS query protocol error: {@code ErrorResponse/Error/{Type,Code,Message}} and the request ID. */
    private static final class StsError extends Exception {

        private final int status;
        private final String code;
        private final String message;

        StsError(final int status, final String code, final String message) {
            super(code, null, false, false);
            this.status = status;
            this.code = code;
            this.message = message;
        }

        String xml(final String requestId) {
            return "<ErrorResponse xmlns=\"" + NAMESPACE + "\">"
                + "<Error><Type>Sender</Type><Code>" + code + "</Code><Message>" + escape(message) + "</Message>"
                + "</Error>"
                + "<RequestId>" + requestId + "</RequestId>"
                + "</ErrorResponse>";
        }

        private static String escape(final String text) {
            return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&apos;");
        }
    }
}
