package io.cfnazure.localcloud;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stand-in for the Entra ID v2 token endpoint, as azure-identity's ClientSecretCredential and
 * ClientAssertionCredential call it with {@code .authorityHost(authorityHost()).disableInstanceDiscovery()}:
 * {@code POST /{tenant}/oauth2/v2.0/token} with the client credentials grant, authenticated by a client secret or by a
 * client assertion that an app's federated identity credential trusts ({@link ClientAssertions}). It issues v1-style
 * access tokens whose claims Azurite's {@code --oauth basic} accepts (it checks issuer, audience and lifetime, not the
 * signature), and refuses bad credentials with Entra's own status codes, error codes and JSON fields, so tests see
 * what a handler sees in Azure.
 */
public final class EntraIdStandIn implements AutoCloseable {

    private static final Pattern TOKEN_PATH = Pattern.compile("/([^/]+)/oauth2/v2\\.0/token");
    private static final String DEFAULT_SCOPE_SUFFIX = "/.default";
    private static final Set<String> OPENID_SCOPES = Set.of("openid", "profile", "offline_access");
    private static final long LIFETIME_SECONDS = 3599;
    /** Entra backdates nbf and iat by five minutes to tolerate clock skew. */
    private static final long BACKDATE_SECONDS = 300;
    private static final DateTimeFormatter ERROR_TIMESTAMP =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    /** tenant → client id → app. */
    private final Map<String, Map<String, App>> apps = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> issuedByClient = new ConcurrentHashMap<>();
    private final List<String> issuedAccessTokens = new CopyOnWriteArrayList<>();
    private final ClientAssertions clientAssertions = new ClientAssertions();
    private final byte[] signingKey = new byte[32];
    private final StandInServer server;

    private EntraIdStandIn() {
        new SecureRandom().nextBytes(signingKey);
        server = StandInServer.https(this::handle);
    }

    public static EntraIdStandIn start() {
        return new EntraIdStandIn();
    }

    public void registerApp(final String tenantId, final String clientId, final String clientSecret) {
        register(tenantId, clientId, new App(clientSecret, false, new CopyOnWriteArrayList<>()));
    }

    /**
     * Adds a federated identity credential to the app ({@code az ad app federated-credential create}), registering
     * the app without a secret if it does not exist: Entra then accepts client assertions that the issuer signed
     * for this subject and audience.
     */
    public void addFederatedCredential(final String tenantId, final String clientId,
                                       final FederatedCredential credential) {
        apps.computeIfAbsent(tenantId, t -> new ConcurrentHashMap<>())
            .computeIfAbsent(clientId, c -> new App(null, false, new CopyOnWriteArrayList<>()))
            .federatedCredentials().add(credential);
    }

    /**
     * Registers an app whose tokens have expired when issued, while {@code expires_in} tells the client they are
     * fresh, so the client uses them: a token the storage service refuses (Azurite answers 403 AuthenticationFailed
     * "Lifetime validation failed. The token is expired."). Azurite accepts every audience a handler derives for a
     * real account (storage.azure.com and the account endpoints of all clouds), so this is the way to a refused token.
     */
    public void registerAppIssuingExpiredTokens(final String tenantId, final String clientId,
                                                final String clientSecret) {
        register(tenantId, clientId, new App(clientSecret, true, new CopyOnWriteArrayList<>()));
    }

    /** With the trailing slash, as azure-identity expects an authority host. */
    public String authorityHost() {
        return "https://127.0.0.1:" + server.port() + "/";
    }

    /** Tokens issued so far; refused requests do not count. */
    public int tokenRequests() {
        return issuedByClient.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    public int tokenRequests(final String clientId) {
        final AtomicInteger issued = issuedByClient.get(clientId);
        return issued == null ? 0 : issued.get();
    }

    /** Every access token issued so far, for tests that check none of them leaks into logs or answers. */
    public List<String> issuedAccessTokens() {
        return List.copyOf(issuedAccessTokens);
    }

    /** The client secret of every app registered so far, for tests that check none of them leaks. */
    List<String> registeredClientSecrets() {
        return apps.values().stream()
            .flatMap(clients -> clients.values().stream())
            .map(App::secret)
            .filter(Objects::nonNull)
            .toList();
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
        final Matcher path = TOKEN_PATH.matcher(exchange.getRequestURI().getPath());
        if (!"POST".equals(exchange.getRequestMethod()) || !path.matches()) {
            // Entra answers unknown addresses with an HTML 404; the body does not matter to MSAL.
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        final Map<String, String> form = StandInServer.form(exchange.getRequestBody().readAllBytes());
        final String correlationId = Optional.ofNullable(exchange.getRequestHeaders().getFirst("client-request-id"))
            .orElseGet(() -> UUID.randomUUID().toString());
        final Object answer;
        final int status;
        final EntraError error = refusal(path.group(1), form);
        if (error == null) {
            status = 200;
            answer = issue(path.group(1), form.get("client_id"), resourceScope(form.get("scope")));
        } else {
            status = error.status();
            answer = error.body(correlationId);
        }
        StandInServer.sendJson(exchange, status, "application/json; charset=utf-8",
            Map.of("client-request-id", correlationId), answer);
    }

    /**
     * Checks the request as Entra does, in the same order (grant, tenant, app, the app's credential: a client
     * assertion or a secret, scope); null if valid.
     */
    private EntraError refusal(final String tenantId, final Map<String, String> form) {
        final String grantType = form.get("grant_type");
        if (!"client_credentials".equals(grantType)) {
            return new EntraError(400, "unsupported_grant_type", 70003,
                "The app requested an unsupported grant type '" + grantType + "'.");
        }
        final Map<String, App> clients = apps.get(tenantId);
        if (clients == null) {
            return new EntraError(400, "invalid_request", 90002, "Tenant '" + tenantId + "' not found. Check to "
                + "make sure you have the correct tenant ID and are signing into the correct cloud. Check with your "
                + "subscription administrator, this may happen if there are no active subscriptions for the tenant.");
        }
        final String clientId = form.get("client_id");
        final App app = clients.get(clientId);
        if (app == null) {
            return new EntraError(400, "unauthorized_client", 700016, "Application with identifier '" + clientId
                + "' was not found in the directory '" + tenantId + "'. This can happen if the application has not "
                + "been installed by the administrator of the tenant or consented to by any user in the tenant. You "
                + "may have sent your authentication request to the wrong tenant.");
        }
        final EntraError credentialRefusal = form.containsKey("client_assertion")
            || form.containsKey("client_assertion_type")
            ? clientAssertions.refusal(form.get("client_assertion_type"), form.get("client_assertion"),
                app.federatedCredentials())
            : secretRefusal(app, clientId, form.get("client_secret"));
        if (credentialRefusal != null) {
            return credentialRefusal;
        }
        final String scope = form.get("scope");
        if (resourceScope(scope) == null) {
            return new EntraError(400, "invalid_scope", 1002012, "The provided value for scope " + scope
                + " is not valid. Client credential flows must have a scope value with /.default suffixed to the "
                + "resource identifier (application ID URI).");
        }
        return null;
    }

    private static EntraError secretRefusal(final App app, final String clientId, final String secret) {
        if (secret == null) {
            return new EntraError(400, "invalid_client", 7000218, "The request body must contain the following "
                + "parameter: 'client_assertion' or 'client_secret'.");
        }
        if (!secret.equals(app.secret())) {
            return new EntraError(401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the "
                + "secret being sent in the request is the client secret value, not the client secret ID, for a "
                + "secret added to app '" + clientId + "'.");
        }
        return null;
    }

    private Map<String, Object> issue(final String tenantId, final String clientId, final String scope) {
        // An app issuing expired tokens dates them two lifetimes back.
        final long issuedAt = Instant.now().getEpochSecond()
            - (apps.get(tenantId).get(clientId).expiredTokens() ? 2 * LIFETIME_SECONDS : 0);
        final String objectId = UUID.nameUUIDFromBytes((tenantId + "/" + clientId).getBytes(StandardCharsets.UTF_8))
            .toString();
        final Map<String, Object> claims = new LinkedHashMap<>();
        // The resource is the scope without "/.default": https://storage.azure.com for the storage scope.
        claims.put("aud", scope.substring(0, scope.length() - DEFAULT_SCOPE_SUFFIX.length()));
        claims.put("iss", "https://sts.windows.net/" + tenantId + "/");
        claims.put("iat", issuedAt - BACKDATE_SECONDS);
        claims.put("nbf", issuedAt - BACKDATE_SECONDS);
        claims.put("exp", issuedAt + LIFETIME_SECONDS);
        claims.put("appid", clientId);
        claims.put("appidacr", "1");
        claims.put("idp", "https://sts.windows.net/" + tenantId + "/");
        claims.put("oid", objectId);
        claims.put("sub", objectId);
        claims.put("tid", tenantId);
        claims.put("ver", "1.0");
        issuedByClient.computeIfAbsent(clientId, c -> new AtomicInteger()).incrementAndGet();
        final Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("token_type", "Bearer");
        answer.put("expires_in", LIFETIME_SECONDS);
        answer.put("ext_expires_in", LIFETIME_SECONDS);
        final String accessToken = jwt(claims);
        issuedAccessTokens.add(accessToken);
        answer.put("access_token", accessToken);
        return answer;
    }

    /** HS256 with a key nobody else knows: Azurite's basic OAuth check ignores signatures, and so must tests. */
    private String jwt(final Map<String, Object> claims) {
        try {
            final Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
            final String unsigned = base64.encodeToString(StandInServer.JSON.writeValueAsBytes(
                Map.of("typ", "JWT", "alg", "HS256"))) + "." + base64.encodeToString(
                StandInServer.JSON.writeValueAsBytes(claims));
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
            return unsigned + "." + base64.encodeToString(mac.doFinal(unsigned.getBytes(StandardCharsets.US_ASCII)));
        } catch (final IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign a token", e);
        }
    }

    /**
     * The one {@code {resource}/.default} scope of a client credentials request, or null. MSAL adds the OpenID
     * scopes {@code openid profile offline_access} to every request; Entra ignores them in this flow.
     */
    private static String resourceScope(final String scopes) {
        if (scopes == null) {
            return null;
        }
        final List<String> resources = Arrays.stream(scopes.trim().split(" +"))
            .filter(scope -> !OPENID_SCOPES.contains(scope))
            .toList();
        return resources.size() == 1 && resources.get(0).endsWith(DEFAULT_SCOPE_SUFFIX) ? resources.get(0) : null;
    }

    private void register(final String tenantId, final String clientId, final App app) {
        apps.computeIfAbsent(tenantId, t -> new ConcurrentHashMap<>()).put(clientId, app);
    }

    /**
     * An app registration.
     *
     * @param secret null for an app that has only federated identity credentials
     */
    private record App(String secret, boolean expiredTokens, List<FederatedCredential> federatedCredentials) {
    }

    /**
     * A federated identity credential of an app: Entra accepts a client assertion whose {@code iss} is the issuer
     * (an HTTPS URL whose OIDC discovery document names the keys), whose {@code sub} is the subject and whose
     * {@code aud} is one of the audiences.
     */
    public record FederatedCredential(String issuer, String subject, List<String> audiences) {

        public FederatedCredential {
            if (!issuer.startsWith("https://")) {
                throw new IllegalArgumentException("Entra ID trusts only HTTPS issuers, not " + issuer);
            }
            audiences = List.copyOf(audiences);
        }
    }

    /** An Entra ID error answer: the AADSTS code leads the description, followed by the trace details. */
    record EntraError(int status, String error, int code, String message) {

        Map<String, Object> body(final String correlationId) {
            final String traceId = UUID.randomUUID().toString();
            final String timestamp = ERROR_TIMESTAMP.format(Instant.now());
            final Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", error);
            body.put("error_description", "AADSTS" + code + ": " + message + "\r\nTrace ID: " + traceId
                + "\r\nCorrelation ID: " + correlationId + "\r\nTimestamp: " + timestamp);
            body.put("error_codes", List.of(code));
            body.put("timestamp", timestamp);
            body.put("trace_id", traceId);
            body.put("correlation_id", correlationId);
            body.put("error_uri", "https://login.microsoftonline.com/error?code=" + code);
            return body;
        }
    }
}
