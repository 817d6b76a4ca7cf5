package io.cfnazure.localcloud;

import static io.cfnazure.localcloud.AzureResourceManagerStandIn.lower;

import com.azure.core.http.rest.PagedResponse;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobContainerItem;
import com.azure.storage.blob.models.BlobContainerListDetails;
import com.azure.storage.blob.models.BlobContainerProperties;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobContainersOptions;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.models.PublicAccessType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.localcloud.AzureResourceManagerStandIn.Answer;
import io.cfnazure.localcloud.AzureResourceManagerStandIn.Request;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The Microsoft.Storage resource provider behind the {@link AzureResourceManagerStandIn}: storage accounts (created
 * asynchronously, as Azure does), their blob service properties, and containers with immutability policies and legal
 * holds, in api-version 2025-06-01's shapes. An account is a real Azurite account: creating one declares it in
 * Azurite ({@link AzuriteProcess#addAccount}), containers made here are Azurite containers, and containers made
 * through the data plane show here. What Azurite does not know (immutability policies, legal holds, version-level
 * immutability, the account's settings) is kept here.
 */
final class StorageResourceProvider {

    static final String NAMESPACE = "Microsoft.Storage";
    private static final String ACCOUNTS = "storageAccounts";
    private static final String ACCOUNT_TYPE = NAMESPACE + "/" + ACCOUNTS;
    private static final Pattern ACCOUNT_NAME = Pattern.compile("[a-z0-9]{3,24}");
    private static final Set<String> SKUS = Set.of("Standard_LRS", "Standard_GRS", "Standard_RAGRS", "Standard_ZRS",
        "Premium_LRS", "Premium_ZRS", "Standard_GZRS", "Standard_RAGZRS");
    private static final Set<String> KINDS = Set.of("Storage", "StorageV2", "BlobStorage", "FileStorage",
        "BlockBlobStorage");
    private static final Set<String> TLS_VERSIONS = Set.of("TLS1_0", "TLS1_1", "TLS1_2", "TLS1_3");
    private static final Set<String> NETWORK_ACCESS = Set.of("Enabled", "Disabled", "SecuredByPerimeter");
    /** Read-only account properties a client may echo back; the provider computes them. */
    private static final Set<String> COMPUTED = Set.of("provisioningState", "creationTime", "primaryEndpoints",
        "primaryLocation", "statusOfPrimary", "secondaryLocation", "statusOfSecondary", "secondaryEndpoints",
        "keyCreationTime", "lastGeoFailoverTime", "geoReplicationStats", "blobRestoreStatus",
        "privateEndpointConnections", "accountMigrationInProgress", "isSkuConversionBlocked");
    /** Settings an account gets when it is created and keeps (JSON pointers into its properties). */
    private static final List<String> CREATE_ONLY = List.of("/encryption/requireInfrastructureEncryption",
        "/isHnsEnabled", "/immutableStorageWithVersioning/enabled");
    private static final Pattern IP_RULE = Pattern.compile(
        "((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)(/([0-9]|[12]\\d|3[0-2]))?");
    private static final int MAX_NETWORK_RULES = 400;
    private static final int MAX_RETENTION_DAYS = 146_000;
    private static final int MAX_SOFT_DELETE_DAYS = 365;
    private static final int MAX_EXTENSIONS = 5;
    /** The blob service's largest page of containers, ARM's default. */
    private static final int MAX_CONTAINERS_PER_PAGE = 5000;
    private static final int MAX_LEGAL_HOLD_TAGS = 10;
    private static final Pattern LEGAL_HOLD_TAG = Pattern.compile("[A-Za-z0-9]{3,23}");
    private static final String POLICY_STATE_REFUSAL = "Operation not allowed on immutability policy with current "
        + "state.";

    private final String endpoint;
    private final AzuriteProcess azurite;
    /** Account name → account: names are global in Azure. */
    private final Map<String, Account> accounts = new LinkedHashMap<>();
    private final Set<String> takenElsewhere = new HashSet<>();
    private final Set<String> heldInCreating = new HashSet<>();
    private final Map<String, Operation> operations = new HashMap<>();
    private final AtomicLong etags = new AtomicLong(Instant.now().toEpochMilli() * 10_000L);
    private Duration creationTime = Duration.ofSeconds(1);

    StorageResourceProvider(final String endpoint, final AzuriteProcess azurite) {
        this.endpoint = endpoint;
        this.azurite = azurite;
    }

    /** Where a storage account write puts the account, for Azure Policy: null for any other request. */
    record Placement(String accountName, String location, String skuName) {
    }

    synchronized Placement placementOf(final Request request, final String group) {
        final List<String> rest = request.segments().subList(Math.min(request.segments().size(), 6),
            request.segments().size());
        final boolean accountWrite = group != null && rest.size() == 2 && ACCOUNTS.equalsIgnoreCase(rest.get(0))
            && ("PUT".equals(request.method()) || "PATCH".equals(request.method()));
        if (!accountWrite) {
            return null;
        }
        final JsonNode body = request.content();
        final Account existing = accounts.get(lower(rest.get(1)));
        final String location = "PUT".equals(request.method())
            ? AzureRegions.normalize(body.path("location").asText(null)).orElse(body.path("location").asText(null))
            : existing == null ? null : existing.location;
        final String sku = body.path("sku").path("name").asText(existing == null ? null : existing.sku);
        return new Placement(lower(rest.get(1)), location, sku);
    }

    static boolean isOperationStatus(final List<String> segments) {
        return segments.size() == 8 && "providers".equalsIgnoreCase(segments.get(2))
            && NAMESPACE.equalsIgnoreCase(segments.get(3)) && "locations".equalsIgnoreCase(segments.get(4))
            && "asyncoperations".equalsIgnoreCase(segments.get(6));
    }

    synchronized void creationTime(final Duration duration) {
        creationTime = duration;
    }

    synchronized void holdInCreating(final String accountName) {
        heldInCreating.add(lower(accountName));
    }

    synchronized void releaseFromCreating(final String accountName) {
        heldInCreating.remove(lower(accountName));
    }

    synchronized void takeNameElsewhere(final String accountName) {
        takenElsewhere.add(lower(accountName));
    }

    synchronized void addExistingAccount(final String subscription, final String group, final String name,
                                         final String location) {
        azurite.accountKey(name); // an account Azurite was started with
        final Account account = new Account(lower(subscription), group, name, location, "StorageV2",
            "Standard_LRS", Instant.now(), false);
        account.properties.setAll(defaults(account.kind, StandInServer.JSON.createObjectNode()
            .put("allowSharedKeyAccess", false), account.created));
        account.succeeded = true;
        accounts.put(name, account);
    }

    /**
     * What the data plane of a container must honour for blob versions, as ARM holds it now: null when the account
     * is unknown here or keeps no versions.
     */
    synchronized BlobVersioning blobVersioning(final String accountName, final String container) {
        final Account account = accounts.get(lower(accountName));
        if (account == null || !account.blobService.path("isVersioningEnabled").asBoolean()) {
            return null;
        }
        final ContainerState state = account.containers.containsKey(container) ? account.containers.get(container)
            : account.inherited();
        final Duration retention = state.versionLevelImmutability && state.policy != null && state.policy.days > 0
            ? Duration.ofDays(state.policy.days) : null;
        return new BlobVersioning(state.versionLevelImmutability, retention,
            retention != null && state.policy.locked, Set.copyOf(state.versionLegalHolds));
    }

    /** Sets or clears the legal hold of one blob version (Set Blob Legal Hold on the data plane). */
    synchronized void versionLegalHold(final String accountName, final String container, final String versionKey,
                                       final boolean hold) {
        final Set<String> holds = accounts.get(lower(accountName)).state(container).versionLegalHolds;
        if (hold) {
            holds.add(versionKey);
        } else {
            holds.remove(versionKey);
        }
    }

    /** Turns blob versioning on, as {@code PUT .../blobServices/default} with isVersioningEnabled would. */
    synchronized void enableBlobVersioning(final String accountName) {
        final Account account = accounts.get(lower(accountName));
        if (account == null) {
            throw new IllegalArgumentException("No storage account " + accountName);
        }
        account.blobService.put("isVersioningEnabled", true);
    }

    /** Everything Microsoft.Storage answers below {@code /subscriptions/{s}[/resourceGroups/{g}]/providers/...}. */
    synchronized Answer handle(final Request request, final String subscription, final String group,
                               final List<String> rest) throws ArmError {
        final String method = request.method();
        if (group == null) {
            if (rest.size() == 1 && "checkNameAvailability".equalsIgnoreCase(rest.get(0)) && "POST".equals(method)) {
                return checkNameAvailability(request.content());
            }
            if (rest.size() == 1 && ACCOUNTS.equalsIgnoreCase(rest.get(0)) && "GET".equals(method)) {
                return list(subscription, null);
            }
            throw unsupported(request);
        }
        if (rest.isEmpty() || !ACCOUNTS.equalsIgnoreCase(rest.get(0))) {
            throw unsupported(request);
        }
        if (rest.size() == 1 && "GET".equals(method)) {
            return list(subscription, group);
        }
        final String name = rest.get(1);
        if (rest.size() == 2) {
            return switch (method) {
                case "PUT" -> createOrUpdate(request, subscription, group, name);
                case "GET" -> Answer.json(200, json(account(subscription, group, name)));
                case "PATCH" -> update(request, account(subscription, group, name));
                case "DELETE" -> delete(subscription, group, name);
                default -> throw unsupported(request);
            };
        }
        final Account account = account(subscription, group, name);
        if (!account.succeeded) {
            throw ArmError.service(409, "StorageAccountIsNotProvisioned", "The storage account provisioning state "
                + "must be 'Succeeded' before executing the operation.");
        }
        final List<String> below = rest.subList(2, rest.size());
        if (!"blobServices".equalsIgnoreCase(below.get(0))) {
            throw unsupported(request);
        }
        if (below.size() == 1 && "GET".equals(method)) {
            final ObjectNode list = StandInServer.JSON.createObjectNode();
            list.putArray("value").add(blobServiceJson(account));
            return Answer.json(200, list);
        }
        if (!"default".equalsIgnoreCase(below.get(1))) {
            throw unsupported(request);
        }
        if (below.size() == 2) {
            return switch (method) {
                case "GET" -> Answer.json(200, blobServiceJson(account));
                case "PUT" -> setBlobServiceProperties(request, account);
                default -> throw unsupported(request);
            };
        }
        if (!"containers".equalsIgnoreCase(below.get(2))) {
            throw unsupported(request);
        }
        if (below.size() == 3 && "GET".equals(method)) {
            return listContainers(request, account);
        }
        return container(request, account, below.get(3), below.subList(4, below.size()));
    }

    private Answer container(final Request request, final Account account, final String container,
                             final List<String> below) throws ArmError {
        final String method = request.method();
        if (below.isEmpty()) {
            return switch (method) {
                case "PUT" -> putContainer(request, account, container, true);
                case "PATCH" -> putContainer(request, account, container, false);
                case "GET" -> Answer.json(200, containerJson(account, container, properties(account, container)));
                case "DELETE" -> deleteContainer(account, container);
                default -> throw unsupported(request);
            };
        }
        if (below.size() == 1 && "POST".equals(method) && "setLegalHold".equalsIgnoreCase(below.get(0))) {
            return setLegalHold(request, account, container);
        }
        if (below.size() == 1 && "POST".equals(method) && "clearLegalHold".equalsIgnoreCase(below.get(0))) {
            return clearLegalHold(request, account, container);
        }
        if (below.size() >= 2 && "immutabilityPolicies".equalsIgnoreCase(below.get(0))
            && "default".equalsIgnoreCase(below.get(1))) {
            properties(account, container); // 404 for a container that does not exist
            final ContainerState state = account.state(container);
            if (below.size() == 2) {
                return switch (method) {
                    case "PUT" -> putImmutabilityPolicy(request, account, container, state);
                    case "GET" -> policyAnswer(account, container, state);
                    case "DELETE" -> deleteImmutabilityPolicy(request, account, container, state);
                    default -> throw unsupported(request);
                };
            }
            if (below.size() == 3 && "POST".equals(method) && "lock".equalsIgnoreCase(below.get(2))) {
                return lockImmutabilityPolicy(request, account, container, state);
            }
            if (below.size() == 3 && "POST".equals(method) && "extend".equalsIgnoreCase(below.get(2))) {
                return extendImmutabilityPolicy(request, account, container, state);
            }
        }
        throw unsupported(request);
    }

    // ---- storage accounts ----

    private Answer checkNameAvailability(final JsonNode body) {
        final String name = body.path("name").asText("");
        final ObjectNode answer = StandInServer.JSON.createObjectNode();
        if (!ACCOUNT_NAME.matcher(name).matches()) {
            answer.put("nameAvailable", false).put("reason", "AccountNameInvalid")
                .put("message", invalidNameMessage(name));
        } else if (accounts.containsKey(name) || takenElsewhere.contains(name)) {
            answer.put("nameAvailable", false).put("reason", "AlreadyExists")
                .put("message", "The storage account named " + name + " is already taken.");
        } else {
            answer.put("nameAvailable", true);
        }
        return Answer.json(200, answer);
    }

    private static String invalidNameMessage(final String name) {
        return name + " is not a valid storage account name. Storage account name must be between 3 and 24 "
            + "characters in length and use numbers and lower-case letters only.";
    }

    private Answer list(final String subscription, final String group) {
        final ObjectNode list = StandInServer.JSON.createObjectNode();
        final ArrayNode value = list.putArray("value");
        accounts.values().stream()
            .filter(account -> account.subscription.equals(lower(subscription)))
            .filter(account -> group == null || account.resourceGroup.equalsIgnoreCase(group))
            .forEach(account -> value.add(json(account)));
        return Answer.json(200, list);
    }

    private Account account(final String subscription, final String group, final String name) throws ArmError {
        final Account account = accounts.get(lower(name));
        if (account == null || !account.subscription.equals(lower(subscription))
            || !account.resourceGroup.equalsIgnoreCase(group)) {
            throw ArmError.gateway(404, "ResourceNotFound", "The Resource '" + ACCOUNT_TYPE + "/" + name
                + "' under resource group '" + group + "' was not found. For more details please go to "
                + "https://aka.ms/ARMResourceNotFoundFix");
        }
        settle(account);
        return account;
    }

    private Answer createOrUpdate(final Request request, final String subscription, final String group,
                                  final String name) throws ArmError {
        if (!ACCOUNT_NAME.matcher(name).matches()) {
            throw ArmError.service(400, "AccountNameInvalid", invalidNameMessage(name));
        }
        final JsonNode body = request.content();
        final Account existing = accounts.get(name);
        if (takenElsewhere.contains(name) || existing != null && !existing.subscription.equals(lower(subscription))) {
            throw ArmError.service(409, "StorageAccountAlreadyTaken", "The storage account named " + name
                + " is already taken.");
        }
        final String requestedLocation = body.path("location").asText(null);
        if (requestedLocation == null) {
            throw ArmError.gateway(400, "LocationRequired", "The location property is required for this "
                + "definition.");
        }
        final String location = AzureRegions.normalize(requestedLocation).orElseThrow(() -> ArmError.gateway(400,
            "LocationNotAvailableForResourceType", "The provided location '" + requestedLocation + "' is not "
                + "available for resource type '" + ACCOUNT_TYPE + "'. List of available regions for the resource "
                + "type is '" + AzureRegions.names() + "'."));
        if (existing != null) {
            if (!existing.resourceGroup.equalsIgnoreCase(group)) {
                throw ArmError.service(409, "StorageAccountInAnotherResourceGroup", "The account " + name
                    + " is already in another resource group in this subscription.");
            }
            if (!existing.location.equals(location)) {
                throw ArmError.gateway(409, "InvalidResourceLocation", "The resource '" + name + "' already exists "
                    + "in location '" + existing.location + "' in resource group '" + group + "'. A resource with "
                    + "the same name cannot be created in location '" + location + "'. Please select a new resource "
                    + "name.");
            }
            return update(request, existing);
        }
        final String sku = required(body.path("sku").path("name"), "sku.name");
        final String kind = required(body.path("kind"), "kind");
        final ObjectNode properties = incomingProperties(body);
        validate(sku, kind, location, properties, "create");
        final Account account = new Account(lower(subscription), group, name, location, kind, sku, Instant.now(),
            !azuriteKnows(name));
        account.properties.setAll(defaults(kind, properties, account.created));
        account.tags.setAll(tagsOf(body));
        if (account.properties.path("immutableStorageWithVersioning").path("enabled").asBoolean()) {
            // Version-level immutability needs versioning, which the account then has from the start.
            account.blobService.put("isVersioningEnabled", true);
        }
        if (account.addedToAzurite) {
            azurite.addAccount(name);
        }
        account.readyAt = account.created.plus(creationTime);
        accounts.put(name, account);
        final Operation operation = new Operation(UUID.randomUUID().toString(), name, account.created);
        operations.put(operation.id(), operation);
        final String status = endpoint + "subscriptions/" + account.subscription + "/providers/" + NAMESPACE
            + "/locations/" + location + "/asyncoperations/" + operation.id() + "?api-version="
            + request.query("api-version");
        return Answer.empty(202)
            .withHeader("Location", status + "&monitor=true")
            .withHeader("Azure-AsyncOperation", status)
            .withHeader("Retry-After", String.valueOf(retryAfterSeconds()));
    }

    private boolean azuriteKnows(final String name) {
        try {
            azurite.accountKey(name);
            return true;
        } catch (final IllegalArgumentException e) {
            return false;
        }
    }

    private long retryAfterSeconds() {
        return Math.max(1, (creationTime.toMillis() + 999) / 1000);
    }

    /** PATCH, and PUT of an account that exists: the given settings change, the others stay. */
    private Answer update(final Request request, final Account account) throws ArmError {
        if (!account.succeeded) {
            throw beingCreated();
        }
        final JsonNode body = request.content();
        final String sku = body.path("sku").path("name").asText(account.sku);
        final String kind = body.path("kind").asText(account.kind);
        final ObjectNode properties = incomingProperties(body);
        for (final String createOnly : CREATE_ONLY) {
            final JsonNode wanted = properties.at(createOnly);
            if (!wanted.isMissingNode() && wanted.asBoolean() != account.properties.at(createOnly).asBoolean()) {
                throw propertyChangeNotAllowed(createOnly.substring(1).replace('/', '.'));
            }
        }
        final ObjectNode merged = account.properties.deepCopy().setAll(properties);
        validate(sku, kind, account.location, merged, "update");
        if (properties.has("encryption")) {
            merged.set("encryption", encryption(properties.path("encryption"), account.created));
        }
        if (properties.has("networkAcls")) {
            merged.set("networkAcls", networkAcls(properties.path("networkAcls")));
        }
        account.properties.setAll(merged);
        account.sku = sku;
        account.kind = kind;
        if (body.has("tags")) {
            account.tags.removeAll();
            account.tags.setAll(tagsOf(body));
        }
        return Answer.json(200, json(account));
    }

    private static ArmError beingCreated() {
        return ArmError.service(409, "StorageAccountBeingCreated", "This specified storage account is being "
            + "created.");
    }

    private static ArmError propertyChangeNotAllowed(final String property) {
        return ArmError.service(400, "AccountPropertyCannotBeUpdated", "A property that cannot be updated for the "
            + "storage account was specified in the request: " + property + " is set when the account is created.");
    }

    private Answer delete(final String subscription, final String group, final String name) throws ArmError {
        final Account account = accounts.get(lower(name));
        if (account == null || !account.subscription.equals(lower(subscription))
            || !account.resourceGroup.equalsIgnoreCase(group)) {
            return Answer.empty(204);
        }
        settle(account);
        if (!account.succeeded) {
            throw beingCreated();
        }
        final BlobServiceClient dataPlane = dataPlane(account);
        final List<String> locked = new ArrayList<>();
        final List<String> held = new ArrayList<>();
        for (final BlobContainerItem item : dataPlane.listBlobContainers()) {
            final ContainerState state = account.containers.get(item.getName());
            if (state != null && !state.legalHoldTags.isEmpty()) {
                held.add(item.getName());
            } else if (state != null && state.lockedPolicyProtects(dataPlane.getBlobContainerClient(item.getName()))) {
                locked.add(item.getName());
            }
        }
        if (!locked.isEmpty() || !held.isEmpty()) {
            throw ArmError.service(409, "AccountProtectedFromDeletion", name + " is protected from deletion."
                + (locked.isEmpty() ? "" : " The container(s) " + String.join(", ", locked) + " have a locked "
                + "immutability policy.") + (held.isEmpty() ? "" : " The container(s) " + String.join(", ", held)
                + " have a legal hold."));
        }
        dataPlane.listBlobContainers().forEach(item -> dataPlane.deleteBlobContainer(item.getName()));
        if (account.addedToAzurite) {
            azurite.removeAccount(name);
        }
        accounts.remove(name);
        return Answer.empty(200);
    }

    /**
     * The group's accounts as a resource group's listing shows them (GenericResourceExpanded); {@code expand} names
     * the optional fields to add: createdTime, changedTime, provisioningState.
     */
    synchronized List<ObjectNode> resourcesIn(final String subscription, final String group,
                                              final Set<String> expand) {
        final List<ObjectNode> resources = new ArrayList<>();
        for (final Account account : accounts.values()) {
            if (!account.subscription.equals(lower(subscription)) || !account.resourceGroup.equalsIgnoreCase(group)) {
                continue;
            }
            settle(account);
            final ObjectNode resource = resource(account.id(), account.name, ACCOUNT_TYPE);
            resource.set("sku", sku(account));
            resource.put("kind", account.kind).put("location", account.location);
            resource.set("tags", account.tags.deepCopy());
            if (expand.contains("createdTime")) {
                resource.put("createdTime", account.created.toString());
            }
            if (expand.contains("changedTime")) {
                resource.put("changedTime", account.readyAt.toString());
            }
            if (expand.contains("provisioningState")) {
                resource.put("provisioningState", account.succeeded ? "Succeeded" : "Creating");
            }
            resources.add(resource);
        }
        return resources;
    }

    synchronized List<String> accountIds() {
        return accounts.values().stream().map(Account::id).toList();
    }

    /** What deleting a resource group does to its accounts. */
    synchronized void deleteAccountsIn(final String subscription, final String group) throws ArmError {
        for (final Account account : List.copyOf(accounts.values())) {
            if (account.subscription.equals(lower(subscription)) && account.resourceGroup.equalsIgnoreCase(group)) {
                delete(subscription, group, account.name);
            }
        }
    }

    synchronized Answer operationStatus(final Request request) throws ArmError {
        final Operation operation = operations.get(request.segments().get(7));
        final Account account = operation == null ? null : accounts.get(operation.accountName());
        if (account == null) {
            throw ArmError.gateway(404, "ResourceNotFound", "The operation '" + request.segments().get(7)
                + "' was not found.");
        }
        settle(account);
        final String retryAfter = String.valueOf(retryAfterSeconds());
        if ("true".equals(request.query("monitor"))) {
            return account.succeeded ? Answer.json(200, json(account))
                : Answer.empty(202).withHeader("Location", endpoint + request.path().substring(1) + "?monitor=true"
                    + "&api-version=" + request.query("api-version")).withHeader("Retry-After", retryAfter);
        }
        final ObjectNode status = StandInServer.JSON.createObjectNode()
            .put("id", request.path())
            .put("name", operation.id())
            .put("status", account.succeeded ? "Succeeded" : "InProgress")
            .put("startTime", operation.started().toString());
        if (account.succeeded) {
            status.put("endTime", account.readyAt.toString());
            return Answer.json(200, status);
        }
        return Answer.json(200, status).withHeader("Retry-After", retryAfter);
    }

    /** A creation finishes when its time is up, unless a test holds it in Creating. */
    private void settle(final Account account) {
        if (!account.succeeded && !heldInCreating.contains(account.name) && !Instant.now().isBefore(account.readyAt)) {
            account.succeeded = true;
            account.readyAt = Instant.now();
        }
    }

    private static String required(final JsonNode value, final String property) throws ArmError {
        if (value.isMissingNode() || value.isNull() || value.asText().isEmpty()) {
            throw ArmError.gateway(400, "InvalidRequestContent", "The request content is missing the required "
                + "property '" + property + "'.");
        }
        return value.asText();
    }

    private static ObjectNode incomingProperties(final JsonNode body) {
        final ObjectNode properties = body.path("properties").isObject()
            ? ((ObjectNode) body.path("properties")).deepCopy() : StandInServer.JSON.createObjectNode();
        properties.remove(COMPUTED);
        return properties;
    }

    private static Map<String, JsonNode> tagsOf(final JsonNode body) {
        final Map<String, JsonNode> tags = new LinkedHashMap<>();
        body.path("tags").fields().forEachRemaining(tag -> tags.put(tag.getKey(), tag.getValue()));
        return tags;
    }

    private static void validate(final String sku, final String kind, final String location,
                                 final ObjectNode properties, final String verb) throws ArmError {
        if (!SKUS.contains(sku)) {
            throw ArmError.service(400, "InvalidAccountType", "The SKU specified is not valid: '" + sku + "' is not "
                + "one of " + String.join(", ", SKUS) + ".");
        }
        if (!KINDS.contains(kind)) {
            throw invalidValue("kind", "'" + kind + "' is not one of " + String.join(", ", KINDS));
        }
        final boolean geo = sku.endsWith("GRS") || sku.endsWith("GZRS");
        final boolean zonal = sku.contains("ZRS");
        if (geo && AzureRegions.pair(location).isEmpty() || zonal && !AzureRegions.hasZones(location)) {
            throw ArmError.service(400, "RedundancyConfigurationNotAvailableInRegion", "The storage account failed "
                + "to " + verb + " due to redundancy configuration - Sku: " + sku + ", Kind: " + kind + " - not "
                + "available in selected Region - " + location + ". Please make sure the redundancy configuration "
                + "selected is available in your region. For more information about redundancy configurations, see "
                + "https://docs.microsoft.com/en-us/azure/storage/common/storage-redundancy");
        }
        oneOf(properties, "minimumTlsVersion", TLS_VERSIONS);
        oneOf(properties, "publicNetworkAccess", NETWORK_ACCESS);
        final JsonNode acls = properties.path("networkAcls");
        if (!acls.isMissingNode()) {
            if (!Set.of("Allow", "Deny").contains(acls.path("defaultAction").asText())) {
                throw networkAclsFailure("defaultAction must be Allow or Deny");
            }
            if (acls.path("ipRules").size() > MAX_NETWORK_RULES
                || acls.path("virtualNetworkRules").size() > MAX_NETWORK_RULES) {
                throw networkAclsFailure("at most " + MAX_NETWORK_RULES + " IP rules and "
                    + MAX_NETWORK_RULES + " virtual network rules are allowed");
            }
            for (final JsonNode rule : acls.path("ipRules")) {
                if (!IP_RULE.matcher(rule.path("value").asText()).matches()) {
                    throw networkAclsFailure("InvalidIpRange: '" + rule.path("value").asText() + "' is not an IPv4 "
                        + "address or CIDR range");
                }
            }
            for (final JsonNode rule : acls.path("virtualNetworkRules")) {
                if (!rule.path("id").asText().toLowerCase().contains("/subnets/")) {
                    throw networkAclsFailure("a virtual network rule needs the id of a subnet");
                }
            }
        }
    }

    private static void oneOf(final ObjectNode properties, final String property, final Set<String> allowed)
        throws ArmError {
        if (properties.has(property) && !allowed.contains(properties.path(property).asText())) {
            throw invalidValue(property, "'" + properties.path(property).asText() + "' is not one of "
                + String.join(", ", allowed));
        }
    }

    private static ArmError invalidValue(final String property, final String why) {
        return ArmError.service(400, "InvalidValuesForRequestParameters", "Values for request parameters are "
            + "invalid: " + property + " (" + why + ").");
    }

    private static ArmError networkAclsFailure(final String why) {
        return ArmError.service(400, "NetworkAclsValidationFailure", "Validation of network acls failure: " + why
            + ".");
    }

    /** What Azure sets when a create leaves it out: the current API's secure defaults, then the given settings. */
    private static ObjectNode defaults(final String kind, final ObjectNode given, final Instant created) {
        final ObjectNode properties = StandInServer.JSON.createObjectNode()
            .put("minimumTlsVersion", "TLS1_2")
            .put("allowBlobPublicAccess", false)
            .put("supportsHttpsTrafficOnly", true);
        if ("StorageV2".equals(kind) || "BlobStorage".equals(kind)) {
            properties.put("accessTier", "Hot");
        }
        properties.setAll(given);
        properties.set("networkAcls", networkAcls(given.path("networkAcls")));
        properties.set("encryption", encryption(given.path("encryption"), created));
        return properties;
    }

    private static ObjectNode networkAcls(final JsonNode given) {
        final ObjectNode acls = StandInServer.JSON.createObjectNode().put("bypass", "AzureServices");
        acls.putArray("virtualNetworkRules");
        acls.putArray("ipRules");
        acls.put("defaultAction", "Allow");
        if (given.isObject()) {
            acls.setAll((ObjectNode) given);
        }
        return acls;
    }

    private static ObjectNode encryption(final JsonNode given, final Instant created) {
        final ObjectNode encryption = given.isObject() ? ((ObjectNode) given).deepCopy()
            : StandInServer.JSON.createObjectNode();
        final ObjectNode services = encryption.with("services");
        for (final String service : List.of("blob", "file")) {
            services.with(service).put("keyType", "Account").put("enabled", true)
                .put("lastEnabledTime", created.toString());
        }
        if (!encryption.has("keySource")) {
            encryption.put("keySource", "Microsoft.Storage");
        }
        return encryption;
    }

    private ObjectNode json(final Account account) {
        settle(account);
        final ObjectNode json = StandInServer.JSON.createObjectNode()
            .put("id", account.id())
            .put("name", account.name)
            .put("type", ACCOUNT_TYPE)
            .put("location", account.location);
        json.set("tags", account.tags.deepCopy());
        json.set("sku", sku(account));
        json.put("kind", account.kind);
        final ObjectNode properties = account.properties.deepCopy();
        properties.put("provisioningState", account.succeeded ? "Succeeded" : "Creating")
            .put("creationTime", account.created.toString());
        properties.putObject("keyCreationTime").put("key1", account.created.toString())
            .put("key2", account.created.toString());
        properties.putObject("primaryEndpoints").put("blob", azurite.blobEndpoint(account.name) + "/");
        properties.put("primaryLocation", account.location).put("statusOfPrimary", "available");
        final Optional<String> secondary = AzureRegions.pair(account.location);
        if ((account.sku.endsWith("GRS") || account.sku.endsWith("GZRS")) && secondary.isPresent()) {
            properties.put("secondaryLocation", secondary.get()).put("statusOfSecondary", "available");
        }
        json.set("properties", properties);
        return json;
    }

    private static ObjectNode sku(final Account account) {
        return StandInServer.JSON.createObjectNode().put("name", account.sku)
            .put("tier", account.sku.startsWith("Premium") ? "Premium" : "Standard");
    }

    // ---- blob service ----

    private ObjectNode blobServiceJson(final Account account) {
        final ObjectNode json = StandInServer.JSON.createObjectNode()
            .put("id", account.id() + "/blobServices/default")
            .put("name", "default")
            .put("type", ACCOUNT_TYPE + "/blobServices");
        json.set("sku", sku(account));
        json.set("properties", account.blobService.deepCopy());
        return json;
    }

    /** Like Set Blob Service Properties, the settings a request leaves out stay as they are. */
    private Answer setBlobServiceProperties(final Request request, final Account account) throws ArmError {
        final JsonNode given = request.content().path("properties");
        for (final String policy : List.of("deleteRetentionPolicy", "containerDeleteRetentionPolicy")) {
            final JsonNode retention = given.path(policy);
            if (retention.path("enabled").asBoolean(false)
                && !inRange(retention.path("days"), 1, MAX_SOFT_DELETE_DAYS)) {
                throw invalidValue(policy + ".days", "between 1 and " + MAX_SOFT_DELETE_DAYS + " when enabled");
            }
        }
        final JsonNode feedRetention = given.path("changeFeed").path("retentionInDays");
        if (!feedRetention.isMissingNode() && !feedRetention.isNull()
            && !inRange(feedRetention, 1, MAX_RETENTION_DAYS)) {
            throw invalidValue("changeFeed.retentionInDays", "between 1 and " + MAX_RETENTION_DAYS);
        }
        if (given.has("isVersioningEnabled") && !given.path("isVersioningEnabled").asBoolean()
            && (account.properties.path("immutableStorageWithVersioning").path("enabled").asBoolean()
            || account.containers.values().stream().anyMatch(state -> state.versionLevelImmutability))) {
            throw invalidValue("isVersioningEnabled", "versioning stays on while the account or one of its "
                + "containers has version-level immutability");
        }
        if (given.isObject()) {
            account.blobService.setAll((ObjectNode) given);
        }
        return Answer.json(200, blobServiceJson(account));
    }

    private static boolean inRange(final JsonNode value, final int min, final int max) {
        return value.canConvertToInt() && value.asInt() >= min && value.asInt() <= max;
    }

    // ---- containers ----

    private BlobServiceClient dataPlane(final Account account) {
        return azurite.serviceClient(account.name);
    }

    /** The container's properties in Azurite; 404 ContainerNotFound when it has none. */
    private BlobContainerProperties properties(final Account account, final String container) throws ArmError {
        final BlobContainerClient client = dataPlane(account).getBlobContainerClient(container);
        try {
            return client.getProperties();
        } catch (final BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                throw containerNotFound();
            }
            throw containerOperationFailure(e);
        }
    }

    private static ArmError containerNotFound() {
        return ArmError.service(404, "ContainerNotFound", "The specified container does not exist.");
    }

    /** What the blob service answered, as ARM passes it on. */
    private static ArmError containerOperationFailure(final BlobStorageException e) {
        return ArmError.service(e.getStatusCode(), "ContainerOperationFailure", e.getServiceMessage());
    }

    private static ArmError containerOperationFailure(final int status, final String message) {
        return ArmError.service(status, "ContainerOperationFailure", message);
    }

    private Answer putContainer(final Request request, final Account account, final String container,
                                final boolean create) throws ArmError {
        final JsonNode given = request.content().path("properties");
        final BlobContainerClient client = dataPlane(account).getBlobContainerClient(container);
        final boolean exists;
        try {
            exists = client.exists();
        } catch (final BlobStorageException e) {
            throw containerOperationFailure(e);
        }
        if (!exists && !create) {
            throw containerNotFound();
        }
        final PublicAccessType access = given.has("publicAccess") ? publicAccess(given.path("publicAccess").asText())
            : null;
        if (access != null && !account.properties.path("allowBlobPublicAccess").asBoolean(false)) {
            throw ArmError.service(409, "PublicAccessNotPermitted", "Public access is not permitted on this storage "
                + "account.");
        }
        final JsonNode versionLevel = given.path("immutableStorageWithVersioning").path("enabled");
        final boolean accountLevel = account.properties.path("immutableStorageWithVersioning").path("enabled")
            .asBoolean();
        if (versionLevel.asBoolean() && !account.blobService.path("isVersioningEnabled").asBoolean()) {
            throw containerOperationFailure(409, "Blob versioning must be enabled on the storage account before "
                + "a container can have version-level immutability support.");
        }
        if (exists && !versionLevel.isMissingNode()
            && versionLevel.asBoolean() != account.state(container).versionLevelImmutability) {
            throw containerOperationFailure(409, "Version-level immutability support of an existing container can "
                + "only be enabled by migration, and never disabled.");
        }
        final Map<String, String> metadata = new LinkedHashMap<>();
        given.path("metadata").fields().forEachRemaining(entry -> metadata.put(entry.getKey(),
            entry.getValue().asText()));
        try {
            if (!exists) {
                client.createWithResponse(metadata, access, null, null);
                final ContainerState state = new ContainerState();
                state.versionLevelImmutability = accountLevel || versionLevel.asBoolean();
                state.versionLevelSince = Instant.now();
                account.containers.put(container, state);
            } else {
                if (given.has("metadata")) {
                    client.setMetadata(metadata);
                }
                if (given.has("publicAccess")) {
                    client.setAccessPolicy(access, client.getAccessPolicy().getIdentifiers());
                }
            }
        } catch (final BlobStorageException e) {
            throw containerOperationFailure(e);
        }
        final ObjectNode json = containerJson(account, container, properties(account, container));
        return Answer.json(exists ? 200 : 201, json).withHeader("ETag", json.path("etag").asText());
    }

    private static PublicAccessType publicAccess(final String value) throws ArmError {
        return switch (value) {
            case "None" -> null;
            case "Blob" -> PublicAccessType.BLOB;
            case "Container" -> PublicAccessType.CONTAINER;
            default -> throw invalidValue("publicAccess", "'" + value + "' is not one of None, Blob, Container");
        };
    }

    private static String publicAccess(final PublicAccessType access) {
        if (access == null) {
            return "None";
        }
        return access == PublicAccessType.BLOB ? "Blob" : "Container";
    }

    private Answer deleteContainer(final Account account, final String container) throws ArmError {
        final BlobContainerClient client = dataPlane(account).getBlobContainerClient(container);
        try {
            if (!client.exists()) {
                return Answer.empty(204);
            }
            final ContainerState state = account.state(container);
            if (!state.legalHoldTags.isEmpty()) {
                throw ArmError.service(409, "ContainerHasLegalHold", "The requested operation is not allowed as the "
                    + "container has one or more legal holds.");
            }
            if (state.lockedPolicyProtects(client)) {
                throw ArmError.service(409, "ContainerImmutabilityPolicyLocked", "The requested operation is not "
                    + "allowed as the container has a locked immutability policy.");
            }
            client.delete();
        } catch (final BlobStorageException e) {
            throw containerOperationFailure(e);
        }
        account.containers.remove(container);
        return Answer.empty(200);
    }

    /**
     * A page of the account's containers: at most {@code $maxpagesize} of them, and a {@code nextLink} with a
     * {@code $skipToken} (the blob service's own continuation marker) while more follow.
     */
    private Answer listContainers(final Request request, final Account account) throws ArmError {
        final String maxPageSize = request.query("$maxpagesize");
        if (maxPageSize != null && !maxPageSize.matches("[1-9]\\d{0,3}|5000")) {
            throw ArmError.gateway(400, "InvalidQueryParameterValue", "The value '" + maxPageSize + "' of query "
                + "parameter '$maxpagesize' is not valid: it is a number from 1 to 5000.");
        }
        final int pageSize = maxPageSize == null ? MAX_CONTAINERS_PER_PAGE : Integer.parseInt(maxPageSize);
        final ObjectNode list = StandInServer.JSON.createObjectNode();
        final ArrayNode value = list.putArray("value");
        try {
            final PagedResponse<BlobContainerItem> page = dataPlane(account).listBlobContainers(
                    new ListBlobContainersOptions().setMaxResultsPerPage(pageSize)
                        .setDetails(new BlobContainerListDetails().setRetrieveMetadata(true)), null)
                .iterableByPage(request.query("$skipToken"), pageSize).iterator().next();
            if (page.getContinuationToken() != null) {
                list.put("nextLink", endpoint + request.path().substring(1) + "?api-version="
                    + request.query("api-version") + "&$maxpagesize=" + pageSize + "&$skipToken="
                    + URLEncoder.encode(page.getContinuationToken(), StandardCharsets.UTF_8));
            }
            for (final BlobContainerItem item : page.getValue()) {
                final ContainerState state = account.state(item.getName());
                final ObjectNode json = resource(account.id() + "/blobServices/default/containers/"
                    + item.getName(), item.getName(), ACCOUNT_TYPE + "/blobServices/containers");
                json.put("etag", item.getProperties().getETag());
                final ObjectNode properties = json.putObject("properties")
                    .put("publicAccess", publicAccess(item.getProperties().getPublicAccess()))
                    .put("leaseStatus", capitalized(item.getProperties().getLeaseStatus()))
                    .put("leaseState", capitalized(item.getProperties().getLeaseState()))
                    .put("lastModifiedTime", item.getProperties().getLastModified().toString());
                summary(properties, state);
                value.add(json);
            }
        } catch (final BlobStorageException e) {
            throw containerOperationFailure(e);
        }
        return Answer.json(200, list);
    }

    private ObjectNode containerJson(final Account account, final String container,
                                     final BlobContainerProperties azure) {
        final ContainerState state = account.state(container);
        final ObjectNode json = resource(account.id() + "/blobServices/default/containers/" + container, container,
            ACCOUNT_TYPE + "/blobServices/containers");
        json.put("etag", azure.getETag());
        final ObjectNode properties = json.putObject("properties")
            .put("deleted", false)
            .put("remainingRetentionDays", 0)
            .put("defaultEncryptionScope", "$account-encryption-key")
            .put("denyEncryptionScopeOverride", false)
            .put("publicAccess", publicAccess(azure.getBlobPublicAccess()))
            .put("leaseStatus", capitalized(azure.getLeaseStatus()))
            .put("leaseState", capitalized(azure.getLeaseState()))
            .put("lastModifiedTime", azure.getLastModified().toString());
        final ObjectNode metadata = properties.putObject("metadata");
        azure.getMetadata().forEach(metadata::put);
        if (state.policy != null) {
            final ObjectNode policy = properties.putObject("immutabilityPolicy").put("etag", state.policy.etag);
            policy.set("properties", state.policy.properties());
            policy.set("updateHistory", state.policy.history.deepCopy());
        }
        final ObjectNode legalHold = properties.putObject("legalHold")
            .put("hasLegalHold", !state.legalHoldTags.isEmpty());
        final ArrayNode tags = legalHold.putArray("tags");
        state.legalHoldTags.values().forEach(tags::add);
        summary(properties, state);
        return json;
    }

    private static void summary(final ObjectNode properties, final ContainerState state) {
        properties.put("hasImmutabilityPolicy", state.policy != null)
            .put("hasLegalHold", !state.legalHoldTags.isEmpty());
        if (state.versionLevelImmutability) {
            properties.putObject("immutableStorageWithVersioning").put("enabled", true)
                .put("timeStamp", state.versionLevelSince.toString());
        }
    }

    private static String capitalized(final Object value) {
        final String text = String.valueOf(value);
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1).toLowerCase();
    }

    private static ObjectNode resource(final String id, final String name, final String type) {
        return StandInServer.JSON.createObjectNode().put("id", id).put("name", name).put("type", type);
    }

    // ---- legal holds ----

    private Answer setLegalHold(final Request request, final Account account, final String container)
        throws ArmError {
        properties(account, container);
        final ContainerState state = account.state(container);
        if (state.versionLevelImmutability) {
            throw containerOperationFailure(409, "A container with version-level immutability support cannot have "
                + "a container-level legal hold: set legal holds on blob versions.");
        }
        final List<String> tags = legalHoldTags(request);
        final Set<String> after = new HashSet<>(state.legalHoldTags.keySet());
        tags.forEach(tag -> after.add(lower(tag)));
        if (after.size() > MAX_LEGAL_HOLD_TAGS) {
            throw invalidValue("tags", "a container has at most " + MAX_LEGAL_HOLD_TAGS + " legal hold tags");
        }
        for (final String tag : tags) {
            state.legalHoldTags.computeIfAbsent(lower(tag), t -> StandInServer.JSON.createObjectNode()
                .put("tag", t)
                .put("timestamp", Instant.now().toString())
                .put("objectIdentifier", request.caller().objectId())
                .put("tenantId", request.caller().tenantId()));
        }
        return Answer.json(200, legalHoldJson(state));
    }

    private Answer clearLegalHold(final Request request, final Account account, final String container)
        throws ArmError {
        properties(account, container);
        final ContainerState state = account.state(container);
        legalHoldTags(request).forEach(tag -> state.legalHoldTags.remove(lower(tag)));
        return Answer.json(200, legalHoldJson(state));
    }

    private static List<String> legalHoldTags(final Request request) throws ArmError {
        final List<String> tags = new ArrayList<>();
        request.content().path("tags").forEach(tag -> tags.add(tag.asText()));
        if (tags.isEmpty()) {
            throw invalidValue("tags", "at least one tag is required");
        }
        for (final String tag : tags) {
            if (!LEGAL_HOLD_TAG.matcher(tag).matches()) {
                throw invalidValue("tags", "'" + tag + "' is not 3 to 23 letters and digits");
            }
        }
        return tags;
    }

    private static ObjectNode legalHoldJson(final ContainerState state) {
        final ObjectNode json = StandInServer.JSON.createObjectNode()
            .put("hasLegalHold", !state.legalHoldTags.isEmpty());
        final ArrayNode tags = json.putArray("tags");
        state.legalHoldTags.keySet().forEach(tags::add);
        return json;
    }

    // ---- immutability policies ----

    private Answer policyAnswer(final Account account, final String container, final ContainerState state) {
        final ObjectNode json = resource(account.id() + "/blobServices/default/containers/" + container
            + "/immutabilityPolicies/default", "default", ACCOUNT_TYPE + "/blobServices/containers/"
            + "immutabilityPolicies");
        final String etag = state.policy == null ? newEtag() : state.policy.etag;
        json.put("etag", etag);
        json.set("properties", state.policy == null ? StandInServer.JSON.createObjectNode()
            .put("immutabilityPeriodSinceCreationInDays", 0).put("state", "Unlocked") : state.policy.properties());
        return Answer.json(200, json).withHeader("ETag", etag);
    }

    private Answer putImmutabilityPolicy(final Request request, final Account account, final String container,
                                         final ContainerState state) throws ArmError {
        if (state.policy != null && state.policy.locked) {
            throw containerOperationFailure(409, POLICY_STATE_REFUSAL);
        }
        final String ifMatch = request.header("If-Match");
        if (ifMatch != null && !matches(ifMatch, state.policy == null ? null : state.policy.etag)) {
            throw conditionNotMet();
        }
        final JsonNode given = request.content().path("properties");
        final int days = retentionDays(given);
        final boolean appendWrites = given.path("allowProtectedAppendWrites").asBoolean(false);
        final boolean appendWritesAll = given.path("allowProtectedAppendWritesAll").asBoolean(false);
        if (appendWrites && appendWritesAll) {
            throw invalidValue("allowProtectedAppendWrites", "only one of allowProtectedAppendWrites and "
                + "allowProtectedAppendWritesAll may be true");
        }
        final ImmutabilityPolicy policy = state.policy == null ? new ImmutabilityPolicy() : state.policy;
        policy.days = days;
        policy.allowProtectedAppendWrites = given.has("allowProtectedAppendWrites") ? appendWrites : null;
        policy.allowProtectedAppendWritesAll = given.has("allowProtectedAppendWritesAll") ? appendWritesAll : null;
        policy.etag = newEtag();
        policy.record("put", request);
        state.policy = policy;
        return policyAnswer(account, container, state);
    }

    private Answer deleteImmutabilityPolicy(final Request request, final Account account, final String container,
                                            final ContainerState state) throws ArmError {
        if (state.policy == null) {
            throw ArmError.service(404, "ImmutabilityPolicyNotFound", "The container has no immutability policy.");
        }
        if (!matches(request.header("If-Match"), state.policy.etag)) {
            throw conditionNotMet();
        }
        if (state.policy.locked) {
            throw containerOperationFailure(409, POLICY_STATE_REFUSAL);
        }
        state.policy = null;
        return policyAnswer(account, container, state);
    }

    private Answer lockImmutabilityPolicy(final Request request, final Account account, final String container,
                                          final ContainerState state) throws ArmError {
        if (state.policy == null || !matches(request.header("If-Match"), state.policy.etag)) {
            throw conditionNotMet();
        }
        if (state.policy.locked) {
            throw containerOperationFailure(409, POLICY_STATE_REFUSAL);
        }
        state.policy.locked = true;
        state.policy.etag = newEtag();
        state.policy.record("lock", request);
        return policyAnswer(account, container, state);
    }

    private Answer extendImmutabilityPolicy(final Request request, final Account account, final String container,
                                            final ContainerState state) throws ArmError {
        if (state.policy == null || !matches(request.header("If-Match"), state.policy.etag)) {
            throw conditionNotMet();
        }
        if (!state.policy.locked) {
            throw containerOperationFailure(409, POLICY_STATE_REFUSAL + " Only a locked policy is extended; change "
                + "an unlocked one with a PUT.");
        }
        final int days = retentionDays(request.content().path("properties"));
        if (days <= state.policy.days) {
            throw containerOperationFailure(409, "The retention period of a locked immutability policy can only be "
                + "increased: it is " + state.policy.days + " days, " + days + " were asked for.");
        }
        if (state.policy.extensions >= MAX_EXTENSIONS) {
            throw containerOperationFailure(409, "A locked immutability policy can be extended at most "
                + MAX_EXTENSIONS + " times; this one has been extended " + state.policy.extensions + " times.");
        }
        state.policy.days = days;
        state.policy.extensions++;
        state.policy.etag = newEtag();
        state.policy.record("extend", request);
        return policyAnswer(account, container, state);
    }

    private static int retentionDays(final JsonNode properties) throws ArmError {
        final JsonNode days = properties.path("immutabilityPeriodSinceCreationInDays");
        if (!inRange(days, 1, MAX_RETENTION_DAYS)) {
            throw invalidValue("immutabilityPeriodSinceCreationInDays", "between 1 and " + MAX_RETENTION_DAYS);
        }
        return days.asInt();
    }

    private static boolean matches(final String ifMatch, final String etag) {
        if (ifMatch == null || etag == null) {
            return false;
        }
        return "*".equals(ifMatch.trim()) || unquoted(ifMatch).equals(unquoted(etag));
    }

    private static String unquoted(final String etag) {
        return etag.trim().replaceFirst("^W/", "").replace("\"", "");
    }

    private static ArmError conditionNotMet() {
        return ArmError.service(412, "ConditionNotMet", "The condition specified in the conditional header(s) was "
            + "not met for a write operation: If-Match must carry the immutability policy's current ETag.");
    }

    private String newEtag() {
        return "\"" + Long.toHexString(etags.incrementAndGet()) + "\"";
    }

    private static ArmError unsupported(final Request request) {
        return ArmError.gateway(404, "InvalidResourceType", "The stand-in for Microsoft.Storage does not serve "
            + request.method() + " " + request.path() + ".");
    }

    private record Operation(String id, String accountName, Instant started) {
    }

    private static final class Account {
        final String subscription;
        final String resourceGroup;
        final String name;
        final String location;
        final Instant created;
        /** False for an account Azurite was started with, which stays in Azurite when deleted here. */
        final boolean addedToAzurite;
        final ObjectNode properties = StandInServer.JSON.createObjectNode();
        final ObjectNode tags = StandInServer.JSON.createObjectNode();
        final ObjectNode blobService = StandInServer.JSON.createObjectNode();
        /** Container name → what ARM keeps about it. */
        final Map<String, ContainerState> containers = new HashMap<>();
        String kind;
        String sku;
        boolean succeeded;
        Instant readyAt;

        Account(final String subscription, final String resourceGroup, final String name, final String location,
                final String kind, final String sku, final Instant created, final boolean addedToAzurite) {
            this.subscription = subscription;
            this.resourceGroup = resourceGroup;
            this.name = name;
            this.location = location;
            this.kind = kind;
            this.sku = sku;
            this.created = created;
            this.readyAt = created;
            this.addedToAzurite = addedToAzurite;
            blobService.putObject("cors").putArray("corsRules");
            blobService.putObject("deleteRetentionPolicy").put("allowPermanentDelete", false).put("enabled", false);
        }

        String id() {
            return "/subscriptions/" + subscription + "/resourceGroups/" + resourceGroup + "/providers/"
                + ACCOUNT_TYPE + "/" + name;
        }

        /** A container made through the data plane has no ARM state yet: it inherits the account's. */
        ContainerState state(final String container) {
            return containers.computeIfAbsent(container, c -> inherited());
        }

        /** What a container has from its account alone. */
        ContainerState inherited() {
            final ContainerState state = new ContainerState();
            state.versionLevelImmutability = properties.path("immutableStorageWithVersioning").path("enabled")
                .asBoolean();
            state.versionLevelSince = created;
            return state;
        }
    }

    private static final class ContainerState {
        ImmutabilityPolicy policy;
        /** Lower-case tag → its record (tag, timestamp, objectIdentifier, tenantId). */
        final Map<String, ObjectNode> legalHoldTags = new LinkedHashMap<>();
        boolean versionLevelImmutability;
        Instant versionLevelSince;
        /** The blob versions with a legal hold, as {@link BlobVersioning#versionKey}. */
        final Set<String> versionLegalHolds = new HashSet<>();

        /** A locked policy keeps a container (and its account) from deletion while the container holds blobs. */
        boolean lockedPolicyProtects(final BlobContainerClient container) {
            return policy != null && policy.locked
                && container.listBlobs(new ListBlobsOptions().setMaxResultsPerPage(1), null).iterator().hasNext();
        }
    }

    private static final class ImmutabilityPolicy {
        int days;
        boolean locked;
        Boolean allowProtectedAppendWrites;
        Boolean allowProtectedAppendWritesAll;
        String etag;
        int extensions;
        final ArrayNode history = StandInServer.JSON.createArrayNode();

        ObjectNode properties() {
            final ObjectNode properties = StandInServer.JSON.createObjectNode()
                .put("immutabilityPeriodSinceCreationInDays", days)
                .put("state", locked ? "Locked" : "Unlocked");
            if (allowProtectedAppendWrites != null) {
                properties.put("allowProtectedAppendWrites", allowProtectedAppendWrites);
            }
            if (allowProtectedAppendWritesAll != null) {
                properties.put("allowProtectedAppendWritesAll", allowProtectedAppendWritesAll);
            }
            return properties;
        }

        void record(final String update, final Request request) {
            history.addObject()
                .put("update", update)
                .put("immutabilityPeriodSinceCreationInDays", days)
                .put("timestamp", OffsetDateTime.now().toString())
                .put("objectIdentifier", request.caller().objectId())
                .put("tenantId", request.caller().tenantId());
        }
    }
}
