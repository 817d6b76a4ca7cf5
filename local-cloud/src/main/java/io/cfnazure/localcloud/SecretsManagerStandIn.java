package io.cfnazure.localcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stand-in for AWS Secrets Manager's {@code GetSecretValue} over its JSON 1.1 protocol, on plain HTTP. Like AWS it
 * checks every request's SigV4 signature and session token against the accepted callers, so tests prove that the
 * handler calls with the caller's credentials and no others. Errors have the real status, {@code __type} and
 * message, so the AWS SDK raises the same exceptions as against AWS.
 */
public final class SecretsManagerStandIn implements AutoCloseable {

    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final String GET_SECRET_VALUE = "secretsmanager.GetSecretValue";
    private static final String SUFFIX_CHARACTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private final String accountId;
    private final AwsCallers callers;
    private final Map<String, Secret> secrets = new ConcurrentHashMap<>();
    private final Set<String> denials = ConcurrentHashMap.newKeySet();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> requestedSecretIds = new CopyOnWriteArrayList<>();
    private final List<String> storedValues = new CopyOnWriteArrayList<>();
    private final SecureRandom random = new SecureRandom();
    private final StandInServer server;
    private volatile String lastCallerAccessKeyId;

    private SecretsManagerStandIn(final String accountId, final AwsCallers callers) {
        this.accountId = accountId;
        this.callers = callers;
        this.server = StandInServer.http(this::handle);
    }

    /**
     * @param accountId the account of the secrets (in their ARNs)
     * @param callers   who may call: the callers the other AWS stand-ins know too
     */
    public static SecretsManagerStandIn start(final String accountId, final AwsCallers callers) {
        return new SecretsManagerStandIn(accountId, callers);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Creates the secret or gives it a new current version. */
    public void putSecret(final String name, final String secretString) {
        storedValues.add(secretString);
        secrets.compute(name, (n, previous) -> new Secret(
            previous == null ? randomSuffix() : previous.arnSuffix(), secretString, UUID.randomUUID().toString(),
            Instant.now()));
    }

    /** As if the caller's IAM policies did not allow GetSecretValue on that secret. */
    public void denyAccess(final String accessKeyId, final String secretName) {
        denials.add(accessKeyId + "\n" + secretName);
    }

    /** Undoes {@link #denyAccess}, for tests that share one stand-in. */
    public void allowAccess(final String accessKeyId, final String secretName) {
        denials.remove(accessKeyId + "\n" + secretName);
    }

    /** The full ARN of a stored secret, as AWS returns it: the name and a random six-character suffix. */
    public String secretArn(final String region, final String name) {
        final Secret secret = secrets.get(name);
        if (secret == null) {
            throw new IllegalArgumentException("No secret named " + name);
        }
        return arn(region, name, secret);
    }

    /** Every value ever stored, current or not, for tests that check none of them leaks. */
    public List<String> storedValues() {
        return List.copyOf(storedValues);
    }

    /** All requests received, refused ones included. */
    public int requests() {
        return requests.get();
    }

    /** The SecretId of every GetSecretValue request that passed authentication, in order. */
    public List<String> requestedSecretIds() {
        return List.copyOf(requestedSecretIds);
    }

    /** The access key ID of the last request that named one, accepted or not; null before any. */
    public String lastCallerAccessKeyId() {
        return lastCallerAccessKeyId;
    }

    /** Slow, missing, throttling, failing or unreadable answers, on request (see {@link Faults}). */
    public Faults faults() {
        return server.faults();
    }

    @Override
    public void close() {
        server.close();
    }

    private void handle(final HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        final byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, Object> answer;
        int status = 200;
        try {
            final AwsCallers.Signed caller = authenticate(exchange, body);
            if (!GET_SECRET_VALUE.equals(exchange.getRequestHeaders().getFirst("X-Amz-Target"))) {
                throw AwsError.authentication("UnknownOperationException", null);
            }
            answer = getSecretValue(caller, StandInServer.JSON.readTree(body));
        } catch (final AwsError e) {
            status = 400;
            answer = e.body();
        }
        StandInServer.sendJson(exchange, status, CONTENT_TYPE,
            Map.of("x-amzn-RequestId", UUID.randomUUID().toString()), answer);
    }

    /** The accepted caller whose credentials signed the request, with the Region it was signed for. */
    private AwsCallers.Signed authenticate(final HttpExchange exchange, final byte[] body) throws AwsError {
        try {
            final AwsCallers.Signed signed = callers.authenticate(exchange, body);
            lastCallerAccessKeyId = signed.caller().accessKeyId();
            return signed;
        } catch (final AwsCallers.Refused e) {
            if (e.accessKeyId() != null) {
                lastCallerAccessKeyId = e.accessKeyId();
            }
            throw switch (e.refusal()) {
                case MISSING_AUTHENTICATION -> AwsError.authentication("MissingAuthenticationTokenException",
                    "Missing Authentication Token");
                case UNKNOWN_CALLER -> AwsError.authentication("UnrecognizedClientException",
                    "The security token included in the request is invalid.");
                case SIGNATURE_MISMATCH -> AwsError.authentication("InvalidSignatureException", "The request "
                    + "signature we calculated does not match the signature you provided. Check your AWS Secret "
                    + "Access Key and signing method. Consult the service documentation for details.");
            };
        }
    }

    private Map<String, Object> getSecretValue(final AwsCallers.Signed caller, final JsonNode request)
        throws AwsError {
        final String secretId = request.path("SecretId").asText(null);
        requestedSecretIds.add(secretId);
        final String region = caller.region();
        final String name = nameOf(region, secretId);
        // IAM decides first: a denied caller cannot even learn whether the secret exists.
        if (denials.contains(caller.caller().accessKeyId() + "\n" + (name == null ? secretId : name))) {
            throw AwsError.service("AccessDeniedException", "User: " + caller.caller().sessionArn()
                + " is not authorized to perform: secretsmanager:GetSecretValue on resource: " + secretId
                + " because no identity-based policy allows the secretsmanager:GetSecretValue action");
        }
        if (name == null) {
            throw AwsError.service("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
        }
        final Secret secret = secrets.get(name);
        final Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("ARN", arn(region, name, secret));
        answer.put("Name", name);
        answer.put("VersionId", secret.versionId());
        answer.put("SecretString", secret.secretString());
        answer.put("VersionStages", List.of("AWSCURRENT"));
        // The JSON 1.1 protocol's timestamps are epoch seconds.
        answer.put("CreatedDate", secret.createdDate().toEpochMilli() / 1000.0);
        return answer;
    }

    /** The stored secret a SecretId names, by name or full ARN in the request's Region; null if none. */
    private String nameOf(final String region, final String secretId) {
        if (secretId == null) {
            return null;
        }
        if (secrets.containsKey(secretId)) {
            return secretId;
        }
        return secrets.entrySet().stream()
            .filter(entry -> arn(region, entry.getKey(), entry.getValue()).equals(secretId))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElse(null);
    }

    private String arn(final String region, final String name, final Secret secret) {
        return "arn:aws:secretsmanager:" + region + ":" + accountId + ":secret:" + name + "-" + secret.arnSuffix();
    }

    private String randomSuffix() {
        final StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            suffix.append(SUFFIX_CHARACTERS.charAt(random.nextInt(SUFFIX_CHARACTERS.length())));
        }
        return suffix.toString();
    }

    private record Secret(String arnSuffix, String secretString, String versionId, Instant createdDate) {
    }

    /** An AWS error answer. Authentication errors spell the message field "message", service errors "Message". */
    private static final class AwsError extends Exception {

        private final Map<String, Object> body = new LinkedHashMap<>();

        private AwsError(final String type, final String messageField, final String message) {
            super(type, null, false, false);
            body.put("__type", type);
            if (message != null) {
                body.put(messageField, message);
            }
        }

        static AwsError authentication(final String type, final String message) {
            return new AwsError(type, "message", message);
        }

        static AwsError service(final String type, final String message) {
            return new AwsError(type, "Message", message);
        }

        Map<String, Object> body() {
            return body;
        }
    }
}
