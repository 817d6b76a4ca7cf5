package io.cfnazure.localcloud;

import static io.cfnazure.localcloud.AzureResourceManagerStandIn.requestsFor;
import static io.cfnazure.localcloud.ResourceManagerClients.account;
import static io.cfnazure.localcloud.ResourceManagerClients.create;
import static io.cfnazure.localcloud.ResourceManagerClients.credential;
import static io.cfnazure.localcloud.ResourceManagerClients.newApp;
import static io.cfnazure.localcloud.ResourceManagerClients.secretOf;
import static io.cfnazure.localcloud.ResourceManagerClients.storageManager;
import static io.cfnazure.localcloud.ResourceManagerClients.uniqueAccountName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.azure.core.credential.TokenRequestContext;
import com.azure.core.management.Region;
import com.azure.core.management.exception.AdditionalInfo;
import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.storage.StorageManager;
import com.azure.resourcemanager.storage.fluent.models.StorageAccountInner;
import com.azure.resourcemanager.storage.models.Sku;
import com.azure.resourcemanager.storage.models.SkuName;
import com.azure.resourcemanager.storage.models.StorageAccountCheckNameAvailabilityParameters;
import com.azure.resourcemanager.storage.models.StorageAccountUpdateParameters;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfnazure.localcloud.AzureResourceManagerStandIn.PolicyAssignment;
import io.cfnazure.localcloud.AzureResourceManagerStandIn.Role;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What ARM and Microsoft.Storage refuse, in their codes and messages, through the real management SDK: names,
 * places, redundancy that a region cannot give, tokens, role assignments, Azure Policy, and the stand-in's faults
 * (throttling, 5xx, a request that never gets an answer).
 */
@UsesLocalCloud
class AzureResourceManagerRefusalsTest {

    private static final String GROUP = LocalCloud.RESOURCE_GROUP;
    private static final String SUBSCRIPTION_SCOPE = "/subscriptions/" + LocalCloud.SUBSCRIPTION_ID;
    private static final HttpClient RAW = HttpClient.newBuilder()
        .sslContext(TestCertificate.get().clientSslContext())
        .build();

    @Test
    void tellsANameTakenElsewhereFromOneInThisSubscription(final LocalCloud cloud) {
        final StorageManager storage = storageManager(cloud);
        final String elsewhere = uniqueAccountName();
        cloud.resourceManager().takeNameElsewhere(elsewhere);
        final String other = "group" + UUID.randomUUID().toString().substring(0, 8);
        storage.resourceManager().resourceGroups().define(other).withRegion(Region.US_EAST).create();

        final ManagementException taken = refusal(() -> create(storage, elsewhere,
            account("eastus", SkuName.STANDARD_LRS)));
        final ManagementException inAnotherGroup = refusal(() -> storage.serviceClient().getStorageAccounts()
            .create(other, LocalCloud.STORAGE_ACCOUNT, account("eastus", SkuName.STANDARD_LRS)));
        final ManagementException elsewhereInGroup = refusal(() -> create(storage, LocalCloud.STORAGE_ACCOUNT,
            account("westus", SkuName.STANDARD_LRS)));
        final ManagementException invalid = refusal(() -> create(storage, "Not_Valid",
            account("eastus", SkuName.STANDARD_LRS)));

        assertThat(taken.getResponse().getStatusCode()).isEqualTo(409);
        assertThat(taken.getValue().getCode()).isEqualTo("StorageAccountAlreadyTaken");
        assertThat(taken.getValue().getMessage()).isEqualTo("The storage account named " + elsewhere
            + " is already taken.");
        assertThat(inAnotherGroup.getValue().getCode()).isEqualTo("StorageAccountInAnotherResourceGroup");
        assertThat(elsewhereInGroup.getValue().getCode()).isEqualTo("InvalidResourceLocation");
        assertThat(elsewhereInGroup.getValue().getMessage()).contains("'eastus'", "'westus'");
        assertThat(invalid.getResponse().getStatusCode()).isEqualTo(400);
        assertThat(invalid.getValue().getCode()).isEqualTo("AccountNameInvalid");
    }

    @Test
    void placesTheGeoRedundantCopyInTheRegionsPairAndRefusesWhatARegionCannotGive(final LocalCloud cloud) {
        final StorageManager storage = storageManager(cloud);

        final StorageAccountInner brazil = create(storage, uniqueAccountName(),
            account("brazilsouth", SkuName.STANDARD_RAGZRS));
        final StorageAccountInner hongKong = create(storage, uniqueAccountName(),
            account("East Asia", SkuName.STANDARD_GRS));
        final StorageAccountInner local = create(storage, uniqueAccountName(),
            account("westeurope", SkuName.STANDARD_LRS));
        final ManagementException nonpaired = refusal(() -> create(storage, uniqueAccountName(),
            account("italynorth", SkuName.STANDARD_GRS)));
        final ManagementException noZones = refusal(() -> create(storage, uniqueAccountName(),
            account("westus", SkuName.STANDARD_ZRS)));
        final ManagementException nowhere = refusal(() -> create(storage, uniqueAccountName(),
            account("atlantis", SkuName.STANDARD_LRS)));

        assertThat(brazil.secondaryLocation()).as("one-way pair, across a border").isEqualTo("southcentralus");
        assertThat(hongKong.location()).isEqualTo("eastasia");
        assertThat(hongKong.secondaryLocation()).isEqualTo("southeastasia");
        assertThat(local.secondaryLocation()).isNull();
        assertThat(nonpaired.getResponse().getStatusCode()).isEqualTo(400);
        assertThat(nonpaired.getValue().getCode()).isEqualTo("RedundancyConfigurationNotAvailableInRegion");
        assertThat(nonpaired.getValue().getMessage()).contains("Sku: Standard_GRS", "italynorth");
        assertThat(noZones.getValue().getCode()).isEqualTo("RedundancyConfigurationNotAvailableInRegion");
        assertThat(nowhere.getValue().getCode()).isEqualTo("LocationNotAvailableForResourceType");
        final String withoutZones = uniqueAccountName();
        create(storage, withoutZones, account("westus", SkuName.STANDARD_LRS));
        final ManagementException zonalUpdate = refusal(() -> storage.serviceClient().getStorageAccounts().update(
            GROUP, withoutZones, new StorageAccountUpdateParameters().withSku(new Sku()
                .withName(SkuName.STANDARD_GZRS))));
        assertThat(zonalUpdate.getValue().getCode()).isEqualTo("RedundancyConfigurationNotAvailableInRegion");
        assertThat(zonalUpdate.getValue().getMessage()).startsWith("The storage account failed to update");
    }

    @Test
    void refusesWhatIsNotThere(final LocalCloud cloud) {
        final StorageManager storage = storageManager(cloud);

        final ManagementException noGroup = refusal(() -> storage.serviceClient().getStorageAccounts()
            .create("no-such-group", uniqueAccountName(), account("eastus", SkuName.STANDARD_LRS)));
        final ManagementException noSubscription = refusal(() -> ResourceManagerClients.storageManager(cloud,
            credential(cloud, LocalCloud.TENANT_ID, LocalCloud.CLIENT_ID, LocalCloud.CLIENT_SECRET),
            UUID.randomUUID().toString(), ResourceManagerClients.HTTP_CLIENT, null)
            .serviceClient().getStorageAccounts().list().stream().count());

        assertThat(noGroup.getResponse().getStatusCode()).isEqualTo(404);
        assertThat(noGroup.getValue().getCode()).isEqualTo("ResourceGroupNotFound");
        assertThat(noGroup.getValue().getMessage()).isEqualTo("Resource group 'no-such-group' could not be found.");
        assertThat(noSubscription.getResponse().getStatusCode()).isEqualTo(404);
        assertThat(noSubscription.getValue().getCode()).isEqualTo("SubscriptionNotFound");
    }

    /** ARM names who was refused what, where: the client id, the action and the scope. */
    @Test
    void refusesAnActionTheAppsRolesDoNotAllow(final LocalCloud cloud) {
        final String reader = newApp(cloud);
        cloud.resourceManager().assignRole(reader, Role.READER, SUBSCRIPTION_SCOPE);
        final StorageManager storage = storageManager(cloud, reader, secretOf(reader));
        final String name = uniqueAccountName();

        final StorageAccountInner read = storage.serviceClient().getStorageAccounts()
            .getByResourceGroup(GROUP, LocalCloud.STORAGE_ACCOUNT);
        final ManagementException refusal = refusal(() -> create(storage, name,
            account("eastus", SkuName.STANDARD_LRS)));

        assertThat(read.name()).isEqualTo(LocalCloud.STORAGE_ACCOUNT);
        assertThat(refusal.getResponse().getStatusCode()).isEqualTo(403);
        assertThat(refusal.getValue().getCode()).isEqualTo("AuthorizationFailed");
        assertThat(refusal.getValue().getMessage()).startsWith("The client '" + reader + "' with object id '")
            .contains("action 'Microsoft.Storage/storageAccounts/write'",
                "scope '" + LocalCloud.storageAccountId(name) + "'");
        assertThat(cloud.resourceManager().calls()).filteredOn(call -> call.clientId().equals(reader))
            .extracting(AzureResourceManagerStandIn.Call::errorCode).containsExactly(null, "AuthorizationFailed");
    }

    /** Storage Account Contributor on a group: accounts in it, but no groups and no subscription-wide name check. */
    @Test
    void aStorageAccountContributorOfAGroupManagesOnlyItsAccounts(final LocalCloud cloud) {
        final String group = "sac" + UUID.randomUUID().toString().substring(0, 8);
        storageManager(cloud).resourceManager().resourceGroups().define(group).withRegion(Region.EUROPE_WEST)
            .create();
        final String app = newApp(cloud);
        cloud.resourceManager().assignRole(app, Role.STORAGE_ACCOUNT_CONTRIBUTOR,
            SUBSCRIPTION_SCOPE + "/resourceGroups/" + group);
        final StorageManager storage = storageManager(cloud, app, secretOf(app));

        final StorageAccountInner created = storage.serviceClient().getStorageAccounts().create(group,
            uniqueAccountName(), account("westeurope", SkuName.STANDARD_LRS));
        final ManagementException newGroup = refusal(() -> storage.resourceManager().resourceGroups()
            .define("sac-" + UUID.randomUUID()).withRegion(Region.EUROPE_WEST).create());
        final ManagementException nameCheck = refusal(() -> storage.serviceClient().getStorageAccounts()
            .checkNameAvailability(new StorageAccountCheckNameAvailabilityParameters().withName("anyname")));
        final ManagementException otherGroup = refusal(() -> create(storage, uniqueAccountName(),
            account("eastus", SkuName.STANDARD_LRS)));

        assertThat(created.name()).isNotBlank();
        assertThat(newGroup.getValue().getMessage())
            .contains("'Microsoft.Resources/subscriptions/resourceGroups/write'");
        assertThat(nameCheck.getValue().getMessage()).contains("'Microsoft.Storage/checknameavailability/read'");
        assertThat(otherGroup.getValue().getCode()).isEqualTo("AuthorizationFailed");
    }

    @Test
    void azurePolicyDeniesALocationOrASkuAndNamesItsAssignment(final LocalCloud cloud) {
        final StorageManager storage = storageManager(cloud);
        final String group = "policy" + UUID.randomUUID().toString().substring(0, 8);
        storage.resourceManager().resourceGroups().define(group).withRegion(Region.EUROPE_NORTH).create();
        final String groupScope = SUBSCRIPTION_SCOPE + "/resourceGroups/" + group;
        cloud.resourceManager().assignPolicy(PolicyAssignment.allowedLocations("eu-only-" + group, groupScope,
            List.of("northeurope", "westeurope")));
        cloud.resourceManager().assignPolicy(PolicyAssignment.allowedStorageSkus("no-geo-" + group, groupScope,
            List.of("Standard_LRS", "Standard_ZRS")));
        final String name = uniqueAccountName();

        final ManagementException location = refusal(() -> storage.serviceClient().getStorageAccounts()
            .create(group, name, account("eastus", SkuName.STANDARD_LRS)));
        final ManagementException sku = refusal(() -> storage.serviceClient().getStorageAccounts()
            .create(group, name, account("northeurope", SkuName.STANDARD_GRS)));
        storage.serviceClient().getStorageAccounts().create(group, name, account("northeurope",
            SkuName.STANDARD_ZRS));
        final ManagementException skuUpdate = refusal(() -> storage.serviceClient().getStorageAccounts()
            .update(group, name, new StorageAccountUpdateParameters().withSku(new Sku()
                .withName(SkuName.STANDARD_RAGRS))));

        assertThat(location.getResponse().getStatusCode()).isEqualTo(403);
        assertThat(location.getValue().getCode()).isEqualTo("RequestDisallowedByPolicy");
        assertThat(location.getValue().getTarget()).isEqualTo(name);
        assertThat(location.getValue().getMessage()).contains("\"policyAssignment\":{\"name\":\"eu-only-" + group,
            "\"policyDefinition\":{\"name\":\"Allowed locations\"");
        final AdditionalInfo violation = location.getValue().getAdditionalInfo().get(0);
        assertThat(violation.getType()).isEqualTo("PolicyViolation");
        final JsonNode info = new ObjectMapper().valueToTree(violation.getInfo());
        assertThat(info.path("policyAssignmentId").asText()).isEqualTo(groupScope
            + "/providers/Microsoft.Authorization/policyAssignments/eu-only-" + group);
        assertThat(info.path("policyDefinitionId").asText())
            .isEqualTo("/providers/Microsoft.Authorization/policyDefinitions/e56962a6-4747-49cd-b67b-bf8b01975c4c");
        assertThat(sku.getValue().getMessage()).contains("no-geo-" + group);
        assertThat(skuUpdate.getValue().getCode()).isEqualTo("RequestDisallowedByPolicy");
        cloud.resourceManager().removePolicy("eu-only-" + group);
        cloud.resourceManager().removePolicy("no-geo-" + group);
    }

    @Test
    void refusesTokensArmWouldRefuse(final LocalCloud cloud) throws Exception {
        final String url = cloud.resourceManager().endpoint() + "subscriptions/" + LocalCloud.SUBSCRIPTION_ID
            + "/resourcegroups?api-version=2021-04-01";
        final String storageToken = credential(cloud, LocalCloud.TENANT_ID, LocalCloud.CLIENT_ID,
            LocalCloud.CLIENT_SECRET).getTokenSync(new TokenRequestContext()
            .addScopes("https://storage.azure.com/.default")).getToken();
        final String armToken = credential(cloud, LocalCloud.TENANT_ID, LocalCloud.CLIENT_ID,
            LocalCloud.CLIENT_SECRET).getTokenSync(new TokenRequestContext()
            .addScopes("https://management.azure.com/.default")).getToken();
        final String otherTenant = UUID.randomUUID().toString();
        final String stranger = UUID.randomUUID().toString();
        cloud.entraId().registerApp(otherTenant, stranger, secretOf(stranger));
        final String strangerToken = credential(cloud, otherTenant, stranger, secretOf(stranger))
            .getTokenSync(new TokenRequestContext().addScopes("https://management.azure.com/.default")).getToken();
        final String expiring = UUID.randomUUID().toString();
        cloud.entraId().registerAppIssuingExpiredTokens(LocalCloud.TENANT_ID, expiring, secretOf(expiring));
        final String expiredToken = credential(cloud, LocalCloud.TENANT_ID, expiring, secretOf(expiring))
            .getTokenSync(new TokenRequestContext().addScopes("https://management.azure.com/.default")).getToken();

        assertThat(get(url, armToken).statusCode()).isEqualTo(200);
        assertRefused(get(url, null), "AuthenticationFailed");
        assertRefused(get(url, storageToken), "InvalidAuthenticationTokenAudience");
        assertRefused(get(url, strangerToken), "InvalidAuthenticationTokenTenant");
        assertRefused(get(url, expiredToken), "ExpiredAuthenticationToken");
        assertThat(get(url, storageToken).headers().firstValue("WWW-Authenticate")).get().asString()
            .startsWith("Bearer authorization_uri=");
    }

    private static void assertRefused(final HttpResponse<String> response, final String code) throws Exception {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(new ObjectMapper().readTree(response.body()).path("error").path("code").asText()).isEqualTo(code);
    }

    private static HttpResponse<String> get(final String url, final String token) throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return RAW.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The SDK honours Retry-After: one throttled answer costs a wait, not a failure. */
    @Test
    void throttlingIsRetriedAfterItsRetryAfterAndOtherwiseReachesTheCaller(final LocalCloud cloud) {
        final String name = uniqueAccountName();
        create(storageManager(cloud), name, account("centralus", SkuName.STANDARD_LRS));
        final AzureResourceManagerStandIn arm = cloud.resourceManager();
        final int playedBefore = arm.faults().played();
        arm.faults().answer(requestsFor(name).and(request -> "GET".equals(request.method())), 1,
            AzureResourceManagerStandIn.throttlingAnswer(Duration.ofSeconds(1)));
        final Instant start = Instant.now();

        final StorageAccountInner read = storageManager(cloud).serviceClient().getStorageAccounts()
            .getByResourceGroup(GROUP, name);

        assertThat(read.name()).isEqualTo(name);
        assertThat(Duration.between(start, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(arm.faults().played()).isEqualTo(playedBefore + 1);

        arm.faults().answer(requestsFor(name), 1, AzureResourceManagerStandIn.throttlingAnswer(
            Duration.ofSeconds(7)));
        final ManagementException throttled = refusal(() -> ResourceManagerClients.storageManagerWithoutRetries(
            cloud, ResourceManagerClients.HTTP_CLIENT).serviceClient().getStorageAccounts().update(GROUP, name,
            new StorageAccountUpdateParameters().withTags(Map.of("a", "b"))));
        assertThat(throttled.getResponse().getStatusCode()).isEqualTo(429);
        assertThat(throttled.getValue().getCode()).isEqualTo("SubscriptionRequestsThrottled");
        assertThat(throttled.getResponse().getHeaderValue("Retry-After")).isEqualTo("7");
        assertThat(throttled.getResponse().getHeaderValue("x-ms-ratelimit-remaining-subscription-writes"))
            .isEqualTo("0");
    }

    @Test
    void serverErrorsAreRetriedAndOtherwiseReachTheCaller(final LocalCloud cloud) {
        final String name = uniqueAccountName();
        create(storageManager(cloud), name, account("eastus2", SkuName.STANDARD_LRS));
        final AzureResourceManagerStandIn arm = cloud.resourceManager();
        arm.faults().answer(requestsFor(name), 1, AzureResourceManagerStandIn.errorAnswer(500,
            "InternalServerError", "Encountered internal server error. Diagnostic information: timestamp ''."));

        assertThat(storageManager(cloud).serviceClient().getStorageAccounts().getByResourceGroup(GROUP, name)
            .name()).isEqualTo(name);

        arm.faults().answer(requestsFor(name), 1, AzureResourceManagerStandIn.errorAnswer(503,
            "ServiceUnavailable", "The service is currently unavailable."));
        final ManagementException unavailable = refusal(() -> ResourceManagerClients.storageManagerWithoutRetries(
            cloud, ResourceManagerClients.HTTP_CLIENT).serviceClient().getStorageAccounts()
            .getByResourceGroup(GROUP, name));
        assertThat(unavailable.getResponse().getStatusCode()).isEqualTo(503);
        assertThat(unavailable.getValue().getCode()).isEqualTo("ServiceUnavailable");
    }

    @Test
    void aRequestThatNeverGetsAnAnswerTimesOutAtTheCaller(final LocalCloud cloud) {
        final String name = uniqueAccountName();
        create(storageManager(cloud), name, account("eastus2", SkuName.STANDARD_LRS));
        final AzureResourceManagerStandIn arm = cloud.resourceManager();
        arm.faults().delay(requestsFor(name), Duration.ofSeconds(30));
        final Instant start = Instant.now();
        try {
            final Throwable timeout = catchThrowable(() -> ResourceManagerClients.storageManagerWithoutRetries(cloud,
                ResourceManagerClients.httpClient(Duration.ofMillis(500))).serviceClient().getStorageAccounts()
                .getByResourceGroup(GROUP, name));

            assertThat(timeout).isNotNull();
            assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
        } finally {
            arm.faults().clear();
        }
    }

    private static ManagementException refusal(final org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        return catchThrowableOfType(ManagementException.class, call);
    }
}
