package io.cfnazure.localcloud;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Stand-in for Azure Resource Manager (ARM) and the part of its storage resource provider that storage accounts,
 * their blob service and containers need, over HTTPS on 127.0.0.1, driven by the real Azure management SDK through an
 * {@code AzureEnvironment} whose resource manager endpoint is {@link #endpoint()}. What ARM does before a provider
 * sees a request happens here: the bearer token's issuer, audience and lifetime (like Azurite's {@code --oauth basic},
 * no signature), the subscription and its tenant, the caller's role assignments (AuthorizationFailed), Azure Policy
 * deny assignments (RequestDisallowedByPolicy), resource groups. Microsoft.Storage itself is
 * {@link StorageResourceProvider}, whose accounts are real Azurite accounts. Everything is seeded by tests
 * ({@link #addSubscription}, {@link #assignRole}, {@link #assignPolicy}, {@link #takeNameElsewhere}) and can have bad
 * days ({@link #faults()}, {@link #holdInCreating}).
 * <p>
 * Paths (case-insensitive, {@code api-version} required; {@code {account}} is a storage account's resource path
 * {@code /subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Storage/storageAccounts/{name}}):
 * <pre>
 * GET                      /subscriptions/{s}
 * GET                      /subscriptions/{s}/resourcegroups
 * PUT GET HEAD PATCH DELETE /subscriptions/{s}/resourcegroups/{rg}     (DELETE: 202, polled at operationresults)
 * GET                      /subscriptions/{s}/resourcegroups/{rg}/resources  ($expand; no $filter)
 * GET                      /subscriptions/{s}/operationresults/{id}
 * POST                     /subscriptions/{s}/providers/Microsoft.Storage/checkNameAvailability
 * GET                      /subscriptions/{s}/providers/Microsoft.Storage/storageAccounts
 * GET                      /subscriptions/{s}/providers/Microsoft.Storage/locations/{l}/asyncoperations/{id}[?monitor=true]
 * GET                      /subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Storage/storageAccounts
 * PUT GET PATCH DELETE     {account}                    (PUT of a new account: 202, asynchronous)
 * GET                      {account}/blobServices
 * GET PUT                  {account}/blobServices/default
 * GET                      {account}/blobServices/default/containers  ($maxpagesize: pages with nextLink)
 * PUT GET PATCH DELETE     {account}/blobServices/default/containers/{c}
 * POST                     {account}/blobServices/default/containers/{c}/setLegalHold | clearLegalHold
 * PUT GET DELETE           {account}/blobServices/default/containers/{c}/immutabilityPolicies/default
 * POST                     {account}/blobServices/default/containers/{c}/immutabilityPolicies/default/lock | extend
 * </pre>
 */
public final class AzureResourceManagerStandIn implements AutoCloseable {

    /**
     * The audiences ARM accepts, as its InvalidAuthenticationTokenAudience message lists them: the SDK asks for
     * {@code {managementEndpoint}/.default}, Entra ID issues the scope's resource as the audience.
     */
    static final List<String> AUDIENCES = List.of("https://management.core.windows.net/",
        "https://management.core.windows.net", "https://management.azure.com/", "https://management.azure.com");
    private static final Pattern V1_ISSUER = Pattern.compile("https://sts\\.windows\\.net/([^/]+)/");
    private static final Pattern V2_ISSUER = Pattern.compile("https://login\\.microsoftonline\\.com/([^/]+)/v2\\.0");
    private static final String RESOURCE_GROUPS = "resourcegroups";

    /** Subscription id (lower case) → its tenant. */
    private final Map<String, String> subscriptions = new ConcurrentHashMap<>();
    /** Subscription id (lower case) → resource group name (lower case) → the group. */
    private final Map<String, Map<String, ResourceGroup>> resourceGroups = new ConcurrentHashMap<>();
    /**
     * Subscription id and resource group name (lower case, joined by a slash) → the resources of other providers a
     * test put there ({@link #addResource}), as a resource group listing shows them.
     */
    private final Map<String, List<ObjectNode>> otherResources = new ConcurrentHashMap<>();
    private final List<RoleAssignment> roleAssignments = new CopyOnWriteArrayList<>();
    private final List<PolicyAssignment> policyAssignments = new CopyOnWriteArrayList<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final StandInServer server;
    private final StorageResourceProvider storage;

    private AzureResourceManagerStandIn(final AzuriteProcess azurite) {
        this.server = StandInServer.https(this::handle);
        this.storage = new StorageResourceProvider(endpoint(), azurite);
    }

    /** Microsoft.Storage's accounts live in this Azurite: created ones are added to it, deleted ones removed. */
    public static AzureResourceManagerStandIn start(final AzuriteProcess azurite) {
        return new AzureResourceManagerStandIn(azurite);
    }

    /**
     * The resource manager endpoint, with the trailing slash, for {@code AzureEnvironment}'s
     * {@code resourceManagerEndpointUrl} and {@code cfnazure.test.resourceManagerEndpoint}.
     */
    public String endpoint() {
        return "https://127.0.0.1:" + server.port() + "/";
    }

    /** A subscription of the tenant: only tokens that tenant's Entra ID issued may use it. */
    public void addSubscription(final String subscriptionId, final String tenantId) {
        subscriptions.put(lower(subscriptionId), tenantId);
        resourceGroups.computeIfAbsent(lower(subscriptionId), s -> new ConcurrentHashMap<>());
    }

    /**
     * Gives the app (its client id, the token's {@code appid}) a built-in role at a scope and below it, e.g.
     * {@code /subscriptions/{s}} or {@code /subscriptions/{s}/resourceGroups/{rg}}.
     */
    public void assignRole(final String clientId, final Role role, final String scope) {
        roleAssignments.add(new RoleAssignment(clientId, role, trimSlash(scope)));
    }

    /** Removes every role assignment of the app. */
    public void removeRoleAssignments(final String clientId) {
        roleAssignments.removeIf(assignment -> assignment.clientId().equalsIgnoreCase(clientId));
    }

    /** Assigns a deny policy: storage account writes it does not allow get 403 RequestDisallowedByPolicy. */
    public void assignPolicy(final PolicyAssignment assignment) {
        policyAssignments.add(assignment);
    }

    public void removePolicy(final String assignmentName) {
        policyAssignments.removeIf(assignment -> assignment.name().equals(assignmentName));
    }

    /** A resource group that exists already, as {@code az group create} leaves it. */
    public void addResourceGroup(final String subscriptionId, final String name, final String location) {
        groups(subscriptionId).put(lower(name), new ResourceGroup(name, AzureRegions.normalize(location)
            .orElseThrow(() -> new IllegalArgumentException("No Azure region " + location)), Map.of()));
    }

    /**
     * A resource of another provider in a resource group, e.g. {@code Microsoft.Network/virtualNetworks}: only the
     * resource group's listing ({@code .../resourcegroups/{rg}/resources}) shows it, and deleting the group deletes it.
     */
    public void addResource(final String subscriptionId, final String resourceGroup, final String type,
                            final String name) {
        final ResourceGroup group = groups(subscriptionId).get(lower(resourceGroup));
        if (group == null) {
            throw new IllegalArgumentException("No resource group " + resourceGroup + " in " + subscriptionId);
        }
        final ObjectNode resource = StandInServer.JSON.createObjectNode()
            .put("id", "/subscriptions/" + lower(subscriptionId) + "/resourceGroups/" + group.name() + "/providers/"
                + type + "/" + name)
            .put("name", name)
            .put("type", type)
            .put("location", group.location());
        resource.putObject("tags");
        otherResources.computeIfAbsent(groupKey(subscriptionId, group.name()), key -> new CopyOnWriteArrayList<>())
            .add(resource);
    }

    /**
     * A storage account that exists already (Succeeded), in a resource group that {@link #addResourceGroup} made,
     * for an account Azurite was started with (AZURITE_ACCOUNTS): Standard_LRS StorageV2 with the hardened settings.
     */
    public void addStorageAccount(final String subscriptionId, final String resourceGroup, final String name) {
        final ResourceGroup group = groups(subscriptionId).get(lower(resourceGroup));
        if (group == null) {
            throw new IllegalArgumentException("No resource group " + resourceGroup + " in " + subscriptionId);
        }
        storage.addExistingAccount(subscriptionId, group.name(), name, group.location());
    }

    /**
     * Turns blob versioning on for the account, as {@code PUT .../blobServices/default} with
     * {@code isVersioningEnabled: true} does: a fault proxy started with this stand-in
     * ({@link AzureFaultProxy#start(AzuriteProcess, AzureResourceManagerStandIn)}) then keeps its blobs' versions.
     */
    public void enableBlobVersioning(final String accountName) {
        storage.enableBlobVersioning(accountName);
    }

    /** What the container's data plane must honour for blob versions; null when its account keeps none. */
    BlobVersioning blobVersioning(final String accountName, final String container) {
        return storage.blobVersioning(accountName, container);
    }

    /** Set Blob Legal Hold of one version, kept with the container's other immutability state. */
    void versionLegalHold(final String accountName, final String container, final String blobName,
                          final String versionId, final boolean hold) {
        storage.versionLegalHold(accountName, container, BlobVersioning.versionKey(blobName, versionId), hold);
    }

    /** The name belongs to a storage account of another customer: creating it gets StorageAccountAlreadyTaken. */
    public void takeNameElsewhere(final String accountName) {
        storage.takeNameElsewhere(accountName);
    }

    /**
     * How long a new storage account stays Creating (default 1 s; Azure takes about 20 s). The 202's Retry-After
     * says the same, in whole seconds.
     */
    public void creationTime(final Duration duration) {
        storage.creationTime(duration);
    }

    /** The account's creation never finishes (provisioningState Creating, its operation InProgress) until released. */
    public void holdInCreating(final String accountName) {
        storage.holdInCreating(accountName);
    }

    public void releaseFromCreating(final String accountName) {
        storage.releaseFromCreating(accountName);
    }

    /** Slow, missing, throttling or failing answers, before ARM looks at a request (see {@link Faults}). */
    public Faults faults() {
        return server.faults();
    }

    /**
     * The resource IDs of every storage account Microsoft.Storage holds now, in any state, as ARM spells them: what a
     * test checks for accounts that no stack knows about.
     */
    public List<String> storageAccountIds() {
        return storage.accountIds();
    }

    /** Every authenticated request, in order, with the app that made it and the answer's status. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The requests whose path names this storage account (its resource and everything below it). */
    public static Predicate<Faults.Request> requestsFor(final String accountName) {
        final String marker = "/storageaccounts/" + lower(accountName);
        return request -> {
            final String path = lower(request.path());
            return path.endsWith(marker) || path.contains(marker + "/");
        };
    }

    /** ARM's error answer, for {@link Faults#answer}: e.g. 500 InternalServerError, 503 ServiceUnavailable. */
    public static Faults.Answer errorAnswer(final int status, final String code, final String message) {
        final ObjectNode body = StandInServer.JSON.createObjectNode();
        body.putObject("error").put("code", code).put("message", message);
        return new Faults.Answer(status, "application/json; charset=utf-8",
            Map.of("x-ms-request-id", UUID.randomUUID().toString()), body.toString());
    }

    /**
     * ARM's throttling answer, for {@link Faults#answer}: 429 SubscriptionRequestsThrottled with Retry-After and the
     * exhausted write bucket.
     */
    public static Faults.Answer throttlingAnswer(final Duration retryAfter) {
        final long seconds = Math.max(1, retryAfter.toSeconds());
        return errorAnswer(429, "SubscriptionRequestsThrottled", "Number of 'write' requests for subscription "
            + "exceeded the limit. Please try again after '" + seconds + "' seconds after additional tokens are "
            + "available. Refer to https://aka.ms/arm-throttling")
            .withHeader("Retry-After", String.valueOf(seconds))
            .withHeader("x-ms-ratelimit-remaining-subscription-writes", "0");
    }

    @Override
    public void close() {
        server.close();
    }

    private void handle(final HttpExchange exchange) throws IOException {
        final Headers requestHeaders = exchange.getRequestHeaders();
        final String correlationId = requestHeaders.getFirst("x-ms-correlation-request-id") == null
            ? UUID.randomUUID().toString() : requestHeaders.getFirst("x-ms-correlation-request-id");
        Answer answer;
        Caller caller = null;
        try {
            final Request request = parse(exchange);
            caller = authenticate(requestHeaders.getFirst("Authorization"), request);
            answer = route(request.withCaller(caller));
        } catch (final ArmError e) {
            answer = new Answer(e.status(), e.headers(), e.body());
        }
        if (caller != null) {
            calls.add(new Call(caller.clientId(), caller.objectId(), exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(), answer.status(), errorCode(answer)));
        }
        send(exchange, answer, correlationId);
    }

    private static String errorCode(final Answer answer) {
        return answer.body() == null ? null : answer.body().path("error").path("code").asText(null);
    }

    private static void send(final HttpExchange exchange, final Answer answer, final String correlationId)
        throws IOException {
        final Headers headers = exchange.getResponseHeaders();
        headers.set("x-ms-request-id", UUID.randomUUID().toString());
        headers.set("x-ms-correlation-request-id", correlationId);
        headers.set("Cache-Control", "no-cache");
        answer.headers().forEach(headers::set);
        final byte[] body = answer.body() == null ? new byte[0]
            : StandInServer.JSON.writeValueAsBytes(answer.body());
        if (body.length > 0) {
            headers.set("Content-Type", "application/json; charset=utf-8");
        }
        final boolean noBody = body.length == 0 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(answer.status(), noBody ? -1 : body.length);
        if (!noBody) {
            exchange.getResponseBody().write(body);
        }
    }

    private static Request parse(final HttpExchange exchange) throws IOException, ArmError {
        final String rawPath = exchange.getRequestURI().getRawPath();
        final List<String> segments = Arrays.stream(rawPath.split("/"))
            .filter(segment -> !segment.isEmpty())
            .map(segment -> URLDecoder.decode(segment, StandardCharsets.UTF_8))
            .toList();
        final Map<String, String> query = new LinkedHashMap<>();
        final String rawQuery = exchange.getRequestURI().getRawQuery();
        if (rawQuery != null) {
            query.putAll(StandInServer.form(rawQuery.getBytes(StandardCharsets.UTF_8)));
        }
        final byte[] content = exchange.getRequestBody().readAllBytes();
        JsonNode body = null;
        if (content.length > 0) {
            try {
                body = StandInServer.JSON.readTree(content);
            } catch (final JsonProcessingException e) {
                throw ArmError.gateway(400, "InvalidRequestContent", "The request content was invalid and could "
                    + "not be deserialized: '" + e.getOriginalMessage() + "'.");
            }
        }
        return new Request(exchange.getRequestMethod(), "/" + String.join("/", segments), segments, query, body,
            exchange.getRequestHeaders(), null);
    }

    /**
     * Checks the bearer token as ARM does: present, a JWT, for ARM's audience, within its lifetime, issued by the
     * tenant of the subscription it is used on. The signature is not checked (as Azurite's {@code --oauth basic}).
     */
    private Caller authenticate(final String authorization, final Request request) throws ArmError {
        if (authorization == null) {
            throw unauthenticated("AuthenticationFailed", "Authentication failed. The 'Authorization' header is "
                + "missing.", null);
        }
        final JsonNode claims = claims(authorization);
        final String audience = claims.path("aud").asText();
        if (!AUDIENCES.contains(audience)) {
            throw unauthenticated("InvalidAuthenticationTokenAudience", "The access token has been obtained for "
                + "wrong audience or resource '" + audience + "'. It should exactly match with one of the allowed "
                + "audiences " + AUDIENCES.stream().map(a -> "'" + a + "'").collect(Collectors.joining(",")) + ".",
                null);
        }
        final long now = Instant.now().getEpochSecond();
        if (!claims.has("exp") || claims.path("exp").asLong() <= now) {
            throw unauthenticated("ExpiredAuthenticationToken", "The access token expiry UTC time '"
                + Instant.ofEpochSecond(claims.path("exp").asLong()) + "' is earlier than current UTC time '"
                + Instant.ofEpochSecond(now) + "'.", null);
        }
        if (claims.path("nbf").asLong(0) > now) {
            throw unauthenticated("InvalidAuthenticationToken", "The access token is not yet valid.", null);
        }
        final String issuer = claims.path("iss").asText();
        final String tenant = tenantOf(issuer);
        if (tenant == null) {
            throw unauthenticated("InvalidAuthenticationToken", "The access token is invalid.", null);
        }
        final String subscription = subscriptionOf(request);
        final String subscriptionTenant = subscription == null ? null : subscriptions.get(lower(subscription));
        if (subscriptionTenant != null && !subscriptionTenant.equalsIgnoreCase(tenant)) {
            throw unauthenticated("InvalidAuthenticationTokenTenant", "The access token is from the wrong issuer '"
                + issuer + "'. It must match the tenant 'https://sts.windows.net/" + subscriptionTenant + "/' "
                + "associated with this subscription. Please use the authority (URL) 'https://login.windows.net/"
                + subscriptionTenant + "' to get the token.", subscriptionTenant);
        }
        final String clientId = claims.has("appid") ? claims.path("appid").asText() : claims.path("azp").asText();
        return new Caller(tenant, clientId, claims.path("oid").asText());
    }

    private static JsonNode claims(final String authorization) throws ArmError {
        final String[] parts = authorization.startsWith("Bearer ") ? authorization.substring(7).trim().split("\\.")
            : new String[0];
        if (parts.length != 3) {
            throw unauthenticated("InvalidAuthenticationToken", "The access token is invalid.", null);
        }
        try {
            return StandInServer.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (final IOException | IllegalArgumentException e) {
            throw unauthenticated("InvalidAuthenticationToken", "The access token is invalid.", null);
        }
    }

    private static String tenantOf(final String issuer) {
        for (final Pattern form : List.of(V1_ISSUER, V2_ISSUER)) {
            final var matcher = form.matcher(issuer);
            if (matcher.matches()) {
                return matcher.group(1);
            }
        }
        return null;
    }

    private static ArmError unauthenticated(final String code, final String message, final String tenant) {
        return ArmError.gateway(401, code, message).withHeader("WWW-Authenticate", "Bearer authorization_uri="
            + "\"https://login.windows.net/" + (tenant == null ? "common" : tenant) + "\", error=\"invalid_token\", "
            + "error_description=\"" + message.replace('"', '\'') + "\"");
    }

    private static String subscriptionOf(final Request request) {
        final List<String> segments = request.segments();
        return segments.size() >= 2 && "subscriptions".equalsIgnoreCase(segments.get(0)) ? segments.get(1) : null;
    }

    private Answer route(final Request request) throws ArmError {
        if (request.query("api-version") == null) {
            throw ArmError.gateway(400, "MissingApiVersionParameter", "The api-version query parameter "
                + "(?api-version=) is required for all requests.");
        }
        final String subscription = subscriptionOf(request);
        if (subscription == null) {
            throw notFound(request);
        }
        if (!subscriptions.containsKey(lower(subscription))) {
            throw ArmError.gateway(404, "SubscriptionNotFound", "The subscription '" + subscription
                + "' could not be found.");
        }
        final List<String> segments = request.segments();
        if (segments.size() == 4 && "operationresults".equalsIgnoreCase(segments.get(2))) {
            // A resource group's deletion finishes before its 202 is sent: its first poll says done.
            return Answer.empty(200);
        }
        if (StorageResourceProvider.isOperationStatus(segments)) {
            // ARM lets the caller who started an operation poll it: no role is checked.
            return storage.operationStatus(request);
        }
        authorize(request);
        if (segments.size() == 2) {
            return subscription(request, subscription);
        }
        final boolean inGroup = RESOURCE_GROUPS.equalsIgnoreCase(segments.get(2));
        if (inGroup && segments.size() <= 4) {
            return resourceGroup(request, subscription);
        }
        if (inGroup && segments.size() == 5 && "resources".equalsIgnoreCase(segments.get(4))
            && "GET".equals(request.method())) {
            return resourcesIn(request, subscription, segments.get(3));
        }
        final int providers = inGroup ? 4 : 2;
        if (segments.size() > providers + 1 && "providers".equalsIgnoreCase(segments.get(providers))
            && StorageResourceProvider.NAMESPACE.equalsIgnoreCase(segments.get(providers + 1))) {
            String group = null;
            if (inGroup) {
                final ResourceGroup existing = groups(subscription).get(lower(segments.get(3)));
                if (existing == null) {
                    throw resourceGroupNotFound(segments.get(3));
                }
                group = existing.name();
            }
            checkPolicies(request, subscription, group);
            return storage.handle(request, subscription, group, segments.subList(providers + 2, segments.size()));
        }
        throw notFound(request);
    }

    private static ArmError notFound(final Request request) {
        return ArmError.gateway(404, "InvalidResourceType", "The stand-in for Azure Resource Manager does not "
            + "serve " + request.method() + " " + request.path() + ".");
    }

    private static ArmError resourceGroupNotFound(final String name) {
        return ArmError.gateway(404, "ResourceGroupNotFound", "Resource group '" + name + "' could not be found.");
    }

    private Answer subscription(final Request request, final String subscription) throws ArmError {
        if (!"GET".equals(request.method())) {
            throw notFound(request);
        }
        final ObjectNode body = StandInServer.JSON.createObjectNode()
            .put("id", "/subscriptions/" + lower(subscription))
            .put("subscriptionId", lower(subscription))
            .put("tenantId", subscriptions.get(lower(subscription)))
            .put("displayName", "Local cloud subscription " + lower(subscription))
            .put("state", "Enabled");
        return Answer.json(200, body);
    }

    private Answer resourceGroup(final Request request, final String subscription) throws ArmError {
        final Map<String, ResourceGroup> groups = groups(subscription);
        if (request.segments().size() == 3) {
            if (!"GET".equals(request.method())) {
                throw notFound(request);
            }
            final ObjectNode list = StandInServer.JSON.createObjectNode();
            groups.values().forEach(group -> list.withArray("value").add(group.json(subscription)));
            list.withArray("value");
            return Answer.json(200, list);
        }
        final String name = request.segments().get(3);
        final ResourceGroup existing = groups.get(lower(name));
        switch (request.method()) {
            case "HEAD":
                return Answer.empty(existing == null ? 404 : 204);
            case "GET":
                if (existing == null) {
                    throw resourceGroupNotFound(name);
                }
                return Answer.json(200, existing.json(subscription));
            case "PUT": {
                final String location = AzureRegions.normalize(request.content().path("location").asText(null))
                    .orElseThrow(() -> ArmError.gateway(400, "LocationNotAvailableForResourceGroup", "The provided "
                        + "location '" + request.content().path("location").asText() + "' is not available for "
                        + "resource group. List of available regions is '" + AzureRegions.names() + "'."));
                if (existing != null && !existing.location().equals(location)) {
                    throw ArmError.gateway(409, "InvalidResourceGroupLocation", "Invalid resource group location '"
                        + location + "'. The Resource group already exists in location '" + existing.location()
                        + "'.");
                }
                final ResourceGroup group = new ResourceGroup(existing == null ? name : existing.name(), location,
                    tags(request.content()));
                groups.put(lower(name), group);
                return Answer.json(existing == null ? 201 : 200, group.json(subscription));
            }
            case "PATCH": {
                if (existing == null) {
                    throw resourceGroupNotFound(name);
                }
                final ResourceGroup group = request.content().has("tags")
                    ? new ResourceGroup(existing.name(), existing.location(), tags(request.content())) : existing;
                groups.put(lower(name), group);
                return Answer.json(200, group.json(subscription));
            }
            case "DELETE": {
                if (existing == null) {
                    throw resourceGroupNotFound(name);
                }
                // Like ARM, deleting a group deletes what it holds: storage refuses for a protected account.
                storage.deleteAccountsIn(subscription, existing.name());
                otherResources.remove(groupKey(subscription, existing.name()));
                groups.remove(lower(name));
                return Answer.empty(202)
                    .withHeader("Location", endpoint() + "subscriptions/" + lower(subscription)
                        + "/operationresults/" + UUID.randomUUID() + "?api-version=" + request.query("api-version"))
                    .withHeader("Retry-After", "1");
            }
            default:
                throw notFound(request);
        }
    }

    /**
     * Resources - List By Resource Group: the group's storage accounts and the other resources a test put there, as
     * GenericResourceExpanded, in one page. {@code $expand} may add createdTime, changedTime and provisioningState;
     * {@code $filter} is not evaluated here, so a request with one is refused rather than answered unfiltered.
     */
    private Answer resourcesIn(final Request request, final String subscription, final String name)
        throws ArmError {
        final ResourceGroup group = groups(subscription).get(lower(name));
        if (group == null) {
            throw resourceGroupNotFound(name);
        }
        if (request.query("$filter") != null) {
            throw ArmError.gateway(400, "BadRequest", "The stand-in for Azure Resource Manager does "
                + "not evaluate $filter on a resource group's resources.");
        }
        final Set<String> expand = request.query("$expand") == null ? Set.of()
            : Arrays.stream(request.query("$expand").split(",")).map(String::trim).collect(Collectors.toSet());
        final ObjectNode list = StandInServer.JSON.createObjectNode();
        final var value = list.putArray("value");
        storage.resourcesIn(subscription, group.name(), expand).forEach(value::add);
        otherResources.getOrDefault(groupKey(subscription, group.name()), List.of())
            .forEach(resource -> value.add(resource.deepCopy()));
        return Answer.json(200, list);
    }

    private static String groupKey(final String subscription, final String group) {
        return lower(subscription) + "/" + lower(group);
    }

    private static Map<String, String> tags(final JsonNode body) {
        final Map<String, String> tags = new LinkedHashMap<>();
        body.path("tags").fields().forEachRemaining(tag -> tags.put(tag.getKey(), tag.getValue().asText()));
        return tags;
    }

    /** The caller's role assignments must allow the request's action at its scope, or ARM refuses it. */
    private void authorize(final Request request) throws ArmError {
        final String action = action(request);
        final String scope = scope(request);
        final String clientId = request.caller().clientId();
        final boolean allowed = roleAssignments.stream()
            .filter(assignment -> assignment.clientId().equalsIgnoreCase(clientId))
            .filter(assignment -> covers(assignment.scope(), scope))
            .anyMatch(assignment -> assignment.role().allows(action));
        if (!allowed) {
            throw ArmError.gateway(403, "AuthorizationFailed", "The client '" + clientId + "' with object id '"
                + request.caller().objectId() + "' does not have authorization to perform action '" + action
                + "' over scope '" + scope + "' or the scope is invalid. If access was recently granted, please "
                + "refresh your credentials.");
        }
    }

    /**
     * The action a request performs, as ARM derives it: the resource type (the provider's namespace and the type
     * segments, without names) and read (GET, HEAD), write (PUT, PATCH), delete, or {@code {name}/action} (POST).
     */
    static String action(final Request request) {
        final List<String> segments = request.segments();
        final List<String> types = new ArrayList<>();
        int start = 2;
        if (segments.size() > 2 && RESOURCE_GROUPS.equalsIgnoreCase(segments.get(2))) {
            types.add("Microsoft.Resources/subscriptions/resourceGroups");
            start = 4;
        }
        if (segments.size() > start + 1 && "providers".equalsIgnoreCase(segments.get(start))) {
            types.clear();
            types.add(segments.get(start + 1));
            start += 2;
        } else if (types.isEmpty()) {
            types.add("Microsoft.Resources/subscriptions");
        }
        final List<String> rest = segments.subList(Math.min(start, segments.size()), segments.size());
        if (StorageResourceProvider.NAMESPACE.equalsIgnoreCase(types.get(0)) && rest.size() == 1
            && "checkNameAvailability".equalsIgnoreCase(rest.get(0))) {
            return "Microsoft.Storage/checknameavailability/read";
        }
        final boolean postAction = "POST".equals(request.method()) && rest.size() % 2 == 1;
        final int typed = postAction ? rest.size() - 1 : rest.size();
        for (int i = 0; i < typed; i += 2) {
            types.add(rest.get(i));
        }
        final String type = String.join("/", types);
        return switch (request.method()) {
            case "GET", "HEAD" -> type + "/read";
            case "PUT", "PATCH" -> type + "/write";
            case "DELETE" -> type + "/delete";
            default -> postAction ? type + "/" + rest.get(rest.size() - 1) + "/action" : type + "/action";
        };
    }

    /** The scope ARM names for a request: its path, without a POST action's last segment. */
    private static String scope(final Request request) {
        final List<String> segments = request.segments();
        final boolean postAction = "POST".equals(request.method()) && !segments.isEmpty();
        return "/" + String.join("/", postAction ? segments.subList(0, segments.size() - 1) : segments);
    }

    private static boolean covers(final String assignmentScope, final String scope) {
        final String assigned = lower(assignmentScope);
        final String requested = lower(scope);
        return requested.equals(assigned) || requested.startsWith(assigned + "/") || "/".equals(assigned);
    }

    /** Deny assignments at or above the account refuse a storage account write they do not allow. */
    private void checkPolicies(final Request request, final String subscription, final String group)
        throws ArmError {
        final StorageResourceProvider.Placement placement = storage.placementOf(request, group);
        if (placement == null) {
            return;
        }
        final String scope = "/subscriptions/" + lower(subscription) + "/resourceGroups/" + group
            + "/providers/Microsoft.Storage/storageAccounts/" + placement.accountName();
        for (final PolicyAssignment assignment : policyAssignments) {
            if (covers(assignment.scope(), scope) && !assignment.allows(placement)) {
                throw assignment.refusal(placement.accountName());
            }
        }
    }

    private Map<String, ResourceGroup> groups(final String subscription) {
        return resourceGroups.computeIfAbsent(lower(subscription), s -> new ConcurrentHashMap<>());
    }

    static String lower(final String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    private static String trimSlash(final String scope) {
        return scope.endsWith("/") && scope.length() > 1 ? scope.substring(0, scope.length() - 1) : scope;
    }

    /** The built-in Azure roles the stand-in knows, with their actions and not-actions (Azure's role definitions). */
    public enum Role {
        OWNER(List.of("*"), List.of()),
        CONTRIBUTOR(List.of("*"), List.of("Microsoft.Authorization/*/Delete", "Microsoft.Authorization/*/Write",
            "Microsoft.Authorization/elevateAccess/Action", "Microsoft.Blueprint/blueprintAssignments/write",
            "Microsoft.Blueprint/blueprintAssignments/delete", "Microsoft.Compute/galleries/share/action")),
        READER(List.of("*/read"), List.of()),
        STORAGE_ACCOUNT_CONTRIBUTOR(List.of("Microsoft.Authorization/*/read", "Microsoft.Insights/alertRules/*",
            "Microsoft.Insights/diagnosticSettings/*",
            "Microsoft.Network/virtualNetworks/subnets/joinViaServiceEndpoint/action",
            "Microsoft.ResourceHealth/availabilityStatuses/read", "Microsoft.Resources/deployments/*",
            "Microsoft.Resources/subscriptions/resourceGroups/read", "Microsoft.Storage/storageAccounts/*",
            "Microsoft.Support/*"), List.of());

        private final List<Pattern> actions;
        private final List<Pattern> notActions;

        Role(final List<String> actions, final List<String> notActions) {
            this.actions = actions.stream().map(Role::pattern).toList();
            this.notActions = notActions.stream().map(Role::pattern).toList();
        }

        boolean allows(final String action) {
            return actions.stream().anyMatch(p -> p.matcher(action).matches())
                && notActions.stream().noneMatch(p -> p.matcher(action).matches());
        }

        private static Pattern pattern(final String action) {
            return Pattern.compile(Arrays.stream(action.split("\\*", -1)).map(Pattern::quote)
                .collect(Collectors.joining(".*")), Pattern.CASE_INSENSITIVE);
        }
    }

    /** The built-in Azure Policy definitions the stand-in evaluates, with deny effect. */
    public enum BuiltInPolicy {
        ALLOWED_LOCATIONS("e56962a6-4747-49cd-b67b-bf8b01975c4c", "Allowed locations", "listOfAllowedLocations"),
        ALLOWED_STORAGE_SKUS("7433c107-6db4-4ad1-b57a-a76dce0154a1",
            "Storage accounts should be limited by allowed SKUs", "listOfAllowedSKUs");

        private final String definitionName;
        private final String displayName;
        private final String parameter;

        BuiltInPolicy(final String definitionName, final String displayName, final String parameter) {
            this.definitionName = definitionName;
            this.displayName = displayName;
            this.parameter = parameter;
        }

        String definitionId() {
            return "/providers/Microsoft.Authorization/policyDefinitions/" + definitionName;
        }
    }

    /**
     * An Azure Policy assignment of a built-in deny policy at a scope: a storage account created or updated at or
     * below the scope with a location (or SKU) outside {@code allowedValues} is refused.
     */
    public record PolicyAssignment(String name, String scope, BuiltInPolicy definition, Set<String> allowedValues) {

        public PolicyAssignment {
            scope = trimSlash(scope);
            allowedValues = allowedValues.stream().map(AzureResourceManagerStandIn::lower)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        }

        public static PolicyAssignment allowedLocations(final String name, final String scope,
                                                        final Collection<String> locations) {
            return new PolicyAssignment(name, scope, BuiltInPolicy.ALLOWED_LOCATIONS, Set.copyOf(locations));
        }

        public static PolicyAssignment allowedStorageSkus(final String name, final String scope,
                                                          final Collection<String> skus) {
            return new PolicyAssignment(name, scope, BuiltInPolicy.ALLOWED_STORAGE_SKUS, Set.copyOf(skus));
        }

        public String id() {
            return scope + "/providers/Microsoft.Authorization/policyAssignments/" + name;
        }

        boolean allows(final StorageResourceProvider.Placement placement) {
            final String value = definition == BuiltInPolicy.ALLOWED_LOCATIONS ? placement.location()
                : placement.skuName();
            return value == null || allowedValues.contains(lower(value));
        }

        /** ARM's answer: the identifiers in the message, and the details under additionalInfo. */
        ArmError refusal(final String resourceName) {
            final String identifiers = "[{\"policyAssignment\":{\"name\":\"" + name + "\",\"id\":\"" + id()
                + "\"},\"policyDefinition\":{\"name\":\"" + definition.displayName + "\",\"id\":\""
                + definition.definitionId() + "\"}}]";
            return ArmError.gateway(403, "RequestDisallowedByPolicy", "Resource '" + resourceName + "' was "
                + "disallowed by policy. Policy identifiers: '" + identifiers + "'.").with(error -> {
                    error.put("target", resourceName);
                    final ObjectNode info = error.putArray("additionalInfo").addObject()
                        .put("type", "PolicyViolation").putObject("info");
                    info.put("policyDefinitionDisplayName", definition.displayName)
                        .put("policyDefinitionId", definition.definitionId())
                        .put("policyDefinitionName", definition.definitionName)
                        .put("policyDefinitionEffect", "deny")
                        .put("policyAssignmentId", id())
                        .put("policyAssignmentName", name)
                        .put("policyAssignmentDisplayName", name)
                        .put("policyAssignmentScope", scope);
                    final var allowed = info.putObject("policyAssignmentParameters")
                        .putObject(definition.parameter).putArray("value");
                    allowedValues.forEach(allowed::add);
                });
        }
    }

    /** One authenticated request: which app (its client id and object id) did what, and the answer. */
    public record Call(String clientId, String objectId, String method, String path, int status, String errorCode) {
    }

    private record RoleAssignment(String clientId, Role role, String scope) {
    }

    private record ResourceGroup(String name, String location, Map<String, String> tags) {

        ObjectNode json(final String subscription) {
            final ObjectNode group = StandInServer.JSON.createObjectNode()
                .put("id", "/subscriptions/" + lower(subscription) + "/resourceGroups/" + name)
                .put("name", name)
                .put("type", "Microsoft.Resources/resourceGroups")
                .put("location", location);
            final ObjectNode tagsNode = group.putObject("tags");
            tags.forEach(tagsNode::put);
            group.putObject("properties").put("provisioningState", "Succeeded");
            return group;
        }
    }

    /** Who called: the token's tenant, app (appid, or azp in v2 tokens) and object id. */
    record Caller(String tenantId, String clientId, String objectId) {
    }

    /** A request as ARM and its providers see it: decoded path segments, query, JSON body, the caller. */
    record Request(String method, String path, List<String> segments, Map<String, String> queryParameters,
                   JsonNode body, Headers headers, Caller caller) {

        Request withCaller(final Caller who) {
            return new Request(method, path, segments, queryParameters, body, headers, who);
        }

        String query(final String name) {
            return queryParameters.get(name);
        }

        String header(final String name) {
            return headers.getFirst(name);
        }

        /** The JSON body, or an empty object when there is none. */
        JsonNode content() {
            return body == null ? StandInServer.JSON.createObjectNode() : body;
        }
    }

    /** An answer: status, headers, and a JSON body or none. */
    record Answer(int status, Map<String, String> headers, JsonNode body) {

        static Answer json(final int status, final JsonNode body) {
            return new Answer(status, Map.of(), body);
        }

        static Answer empty(final int status) {
            return new Answer(status, Map.of(), null);
        }

        Answer withHeader(final String name, final String value) {
            final Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Answer(status, more, body);
        }
    }
}
