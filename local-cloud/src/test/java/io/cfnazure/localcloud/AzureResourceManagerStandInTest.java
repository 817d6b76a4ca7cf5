package io.cfnazure.localcloud;

import static io.cfnazure.localcloud.ResourceManagerClients.account;
import static io.cfnazure.localcloud.ResourceManagerClients.create;
import static io.cfnazure.localcloud.ResourceManagerClients.storageManager;
import static io.cfnazure.localcloud.ResourceManagerClients.uniqueAccountName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.azure.core.management.Region;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.management.polling.PollResult;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.SyncPoller;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.resourcemanager.resources.fluent.ResourcesClient;
import com.azure.resourcemanager.resources.fluent.models.GenericResourceExpandedInner;
import com.azure.resourcemanager.resources.models.ResourceGroup;
import com.azure.resourcemanager.resources.models.ResourceGroups;
import com.azure.resourcemanager.storage.StorageManager;
import com.azure.resourcemanager.storage.fluent.BlobContainersClient;
import com.azure.resourcemanager.storage.fluent.models.BlobContainerInner;
import com.azure.resourcemanager.storage.fluent.models.BlobServicePropertiesInner;
import com.azure.resourcemanager.storage.fluent.models.ImmutabilityPolicyInner;
import com.azure.resourcemanager.storage.fluent.models.LegalHoldInner;
import com.azure.resourcemanager.storage.fluent.models.ListContainerItemInner;
import com.azure.resourcemanager.storage.fluent.models.StorageAccountInner;
import com.azure.resourcemanager.storage.models.Bypass;
import com.azure.resourcemanager.storage.models.ChangeFeed;
import com.azure.resourcemanager.storage.models.DefaultAction;
import com.azure.resourcemanager.storage.models.DeleteRetentionPolicy;
import com.azure.resourcemanager.storage.models.Encryption;
import com.azure.resourcemanager.storage.models.ImmutabilityPolicyState;
import com.azure.resourcemanager.storage.models.ImmutableStorageAccount;
import com.azure.resourcemanager.storage.models.ImmutableStorageWithVersioning;
import com.azure.resourcemanager.storage.models.IpRule;
import com.azure.resourcemanager.storage.models.KeySource;
import com.azure.resourcemanager.storage.models.MinimumTlsVersion;
import com.azure.resourcemanager.storage.models.NetworkRuleSet;
import com.azure.resourcemanager.storage.models.ProvisioningState;
import com.azure.resourcemanager.storage.models.PublicAccess;
import com.azure.resourcemanager.storage.models.PublicNetworkAccess;
import com.azure.resourcemanager.storage.models.Reason;
import com.azure.resourcemanager.storage.models.SkuName;
import com.azure.resourcemanager.storage.models.StorageAccount;
import com.azure.resourcemanager.storage.models.StorageAccountCheckNameAvailabilityParameters;
import com.azure.resourcemanager.storage.models.StorageAccountSkuType;
import com.azure.resourcemanager.storage.models.StorageAccountUpdateParameters;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobStorageException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The Azure Resource Manager stand-in driven by the real Azure management SDK (azure-resourcemanager-storage), as the
 * storage account type and the container type's management-plane mode drive it, and the accounts it creates used
 * through the data plane (Azurite) with azure-storage-blob.
 */
@UsesLocalCloud
class AzureResourceManagerStandInTest {

    private static final String GROUP = LocalCloud.RESOURCE_GROUP;

    @Test
    void createsAHardenedAccountAsynchronouslyAndTheSdkPollsItToSucceeded(final LocalCloud cloud) {
        final StorageManager storage = storageManager(cloud);
        final String name = uniqueAccountName();
        final int callsBefore = cloud.resourceManager().calls().size();

        final StorageAccountInner created = create(storage, name, account("westeurope", SkuName.STANDARD_GRS)
            .withMinimumTlsVersion(MinimumTlsVersion.TLS1_2)
            .withAllowBlobPublicAccess(false)
            .withAllowSharedKeyAccess(false)
            .withPublicNetworkAccess(PublicNetworkAccess.DISABLED)
            .withNetworkRuleSet(new NetworkRuleSet().withDefaultAction(DefaultAction.DENY).withBypass(Bypass.NONE)
                .withIpRules(List.of(new IpRule().withIpAddressOrRange("203.0.113.0/24"))))
            .withEnableHttpsTrafficOnly(true)
            .withEncryption(new Encryption().withKeySource(KeySource.MICROSOFT_STORAGE)
                .withRequireInfrastructureEncryption(true))
            .withImmutableStorageWithVersioning(new ImmutableStorageAccount().withEnabled(true))
            .withTags(Map.of("stack", "dr")));

        assertThat(created.provisioningState()).isEqualTo(ProvisioningState.SUCCEEDED);
        assertThat(created.id()).isEqualTo(LocalCloud.storageAccountId(name));
        assertThat(created.sku().name()).isEqualTo(SkuName.STANDARD_GRS);
        assertThat(created.kind().toString()).isEqualTo("StorageV2");
        assertThat(created.location()).isEqualTo("westeurope");
        assertThat(created.primaryLocation()).isEqualTo("westeurope");
        assertThat(created.secondaryLocation()).as("Microsoft's pair of West Europe").isEqualTo("northeurope");
        assertThat(created.minimumTlsVersion()).isEqualTo(MinimumTlsVersion.TLS1_2);
        assertThat(created.allowBlobPublicAccess()).isFalse();
        assertThat(created.allowSharedKeyAccess()).isFalse();
        assertThat(created.publicNetworkAccess()).isEqualTo(PublicNetworkAccess.DISABLED);
        assertThat(created.networkRuleSet().defaultAction()).isEqualTo(DefaultAction.DENY);
        assertThat(created.networkRuleSet().ipRules()).extracting(IpRule::ipAddressOrRange)
            .containsExactly("203.0.113.0/24");
        assertThat(created.enableHttpsTrafficOnly()).isTrue();
        assertThat(created.encryption().requireInfrastructureEncryption()).isTrue();
        assertThat(created.immutableStorageWithVersioning().enabled()).isTrue();
        assertThat(created.tags()).containsEntry("stack", "dr");
        assertThat(created.primaryEndpoints().blob()).isEqualTo(cloud.azurite().blobEndpoint(name) + "/");
        // The PUT was answered 202, then the SDK polled the operation and read the account.
        assertThat(cloud.resourceManager().calls().subList(callsBefore, cloud.resourceManager().calls().size()))
            .extracting(AzureResourceManagerStandIn.Call::status)
            .startsWith(202).contains(200);
        assertThat(storage.serviceClient().getBlobServices().getServiceProperties(GROUP, name)
            .isVersioningEnabled()).as("version-level immutability comes with versioning").isTrue();
    }

    /** Resource groups as ARM keeps them; deleting one deletes its accounts, in ARM and in Azurite. */
    @Test
    void managesResourceGroupsAndDeletesThemWithTheirAccounts(final LocalCloud cloud) {
        final StorageManager storage = storageManager(cloud);
        final ResourceGroups groups = storage.resourceManager().resourceGroups();
        final String group = "group-" + UUID.randomUUID().toString().substring(0, 8);

        groups.define(group).withRegion(Region.EUROPE_WEST).withTag("purpose", "dr").create();
        final String name = uniqueAccountName();
        storage.serviceClient().getStorageAccounts().create(group, name, account("westeurope",
            SkuName.STANDARD_LRS));

        assertThat(groups.contain(group)).isTrue();
        assertThat(groups.getByName(group).regionName()).isEqualTo("westeurope");
        assertThat(groups.getByName(group).tags()).containsEntry("purpose", "dr");
        assertThat(groups.list().stream().map(ResourceGroup::name)).contains(group, GROUP);

        groups.deleteByName(group);

        assertThat(groups.contain(group)).isFalse();
        assertThat(groups.contain("never-made-" + group)).isFalse();
        assertThat(storage.serviceClient().getStorageAccounts().list().stream().map(StorageAccountInner::name))
            .doesNotContain(name);
        final BlobStorageException gone = catchThrowableOfType(BlobStorageException.class,
            () -> cloud.blobServiceClient(name).getProperties());
        assertThat(gone.getStatusCode()).isEqualTo(404);
    }

    /**
     * Resources - List By Resource Group, as the account type's Delete asks it whether the group it made holds anything
     * else: the group's accounts and other providers' resources, each as GenericResourceExpanded; 404
     * ResourceGroupNotFound for a group that does not exist; the action Azure names for it is refused to a role
     * without it.
     */
    @Test
    void listsTheResourcesOfAResourceGroup(final LocalCloud cloud) {
        final StorageManager storage = storageManager(cloud);
        final ResourcesClient resources = storage.resourceManager().serviceClient().getResources();
        final String group = "listed-" + UUID.randomUUID().toString().substring(0, 8);
        storage.resourceManager().resourceGroups().define(group).withRegion(Region.GERMANY_WEST_CENTRAL).create();
        assertThat(resources.listByResourceGroup(group).stream()).as("a new group's resources").isEmpty();
        final String name = uniqueAccountName();
        storage.serviceClient().getStorageAccounts().create(group, name, account("germanywestcentral",
            SkuName.STANDARD_LRS).withTags(Map.of("purpose", "dr")));
        cloud.resourceManager().addResource(LocalCloud.SUBSCRIPTION_ID, group, "Microsoft.Network/virtualNetworks",
            "vnet1");

        final List<GenericResourceExpandedInner> listed = resources.listByResourceGroup(group, null,
            "provisioningState,createdTime", null, Context.NONE).stream().toList();

        final String accountId = "/subscriptions/" + LocalCloud.SUBSCRIPTION_ID + "/resourceGroups/" + group
            + "/providers/Microsoft.Storage/storageAccounts/" + name;
        assertThat(listed).extracting(GenericResourceExpandedInner::id).containsExactlyInAnyOrder(accountId,
            "/subscriptions/" + LocalCloud.SUBSCRIPTION_ID + "/resourceGroups/" + group
                + "/providers/Microsoft.Network/virtualNetworks/vnet1");
        final GenericResourceExpandedInner account = listed.stream()
            .filter(resource -> resource.id().equals(accountId)).findFirst().orElseThrow();
        assertThat(account.name()).isEqualTo(name);
        assertThat(account.type()).isEqualTo("Microsoft.Storage/storageAccounts");
        assertThat(account.kind()).isEqualTo("StorageV2");
        assertThat(account.location()).isEqualTo("germanywestcentral");
        assertThat(account.sku().name()).isEqualTo("Standard_LRS");
        assertThat(account.tags()).containsEntry("purpose", "dr");
        assertThat(account.provisioningState()).isEqualTo("Succeeded");
        assertThat(account.createdTime()).isNotNull();

        storage.serviceClient().getStorageAccounts().delete(group, name);
        assertThat(resources.listByResourceGroup(group).stream().map(GenericResourceExpandedInner::name))
            .containsExactly("vnet1");

        storage.resourceManager().resourceGroups().deleteByName(group);
        final ManagementException missing = catchThrowableOfType(ManagementException.class,
            () -> resources.listByResourceGroup(group).stream().toList());
        assertThat(missing.getResponse().getStatusCode()).isEqualTo(404);
        assertThat(missing.getValue().getCode()).isEqualTo("ResourceGroupNotFound");
        storage.resourceManager().resourceGroups().define(group).withRegion(Region.GERMANY_WEST_CENTRAL).create();
        assertThat(resources.listByResourceGroup(group).stream()).as("what deleting the group deleted").isEmpty();
        storage.resourceManager().resourceGroups().deleteByName(group);

        final String accountsOnly = ResourceManagerClients.newApp(cloud);
        cloud.resourceManager().assignRole(accountsOnly, AzureResourceManagerStandIn.Role.STORAGE_ACCOUNT_CONTRIBUTOR,
            "/subscriptions/" + LocalCloud.SUBSCRIPTION_ID + "/resourceGroups/" + GROUP);
        final ManagementException refused = catchThrowableOfType(ManagementException.class,
            () -> storageManager(cloud, accountsOnly, ResourceManagerClients.secretOf(accountsOnly)).resourceManager()
                .serviceClient().getResources().listByResourceGroup(GROUP).stream().toList());
        assertThat(refused.getValue().getCode()).isEqualTo("AuthorizationFailed");
        assertThat(refused.getValue().getMessage())
            .contains("action 'Microsoft.Resources/subscriptions/resourceGroups/resources/read'");
    }

    @Test
    void aCreateStaysCreatingUntilItsTimeIsUp(final LocalCloud cloud) {
        final StorageManager storage = storageManager(cloud);
        final String name = uniqueAccountName();
        cloud.resourceManager().holdInCreating(name);
        try {
            final SyncPoller<PollResult<StorageAccountInner>, StorageAccountInner> poller = storage.serviceClient()
                .getStorageAccounts().beginCreate(GROUP, name, account("northeurope", SkuName.STANDARD_LRS));

            assertThat(poller.poll().getStatus()).isEqualTo(LongRunningOperationStatus.IN_PROGRESS);
            assertThat(storage.serviceClient().getStorageAccounts().getByResourceGroup(GROUP, name)
                .provisioningState()).isEqualTo(ProvisioningState.CREATING);
            final ManagementException busy = catchThrowableOfType(ManagementException.class,
                () -> storage.serviceClient().getStorageAccounts().update(GROUP, name,
                    new StorageAccountUpdateParameters().withTags(Map.of("a", "b"))));
            assertThat(busy.getValue().getCode()).isEqualTo("StorageAccountBeingCreated");
            assertThat(catchThrowableOfType(ManagementException.class, () -> storage.serviceClient()
                .getStorageAccounts().delete(GROUP, name)).getResponse().getStatusCode()).isEqualTo(409);
            final ManagementException notProvisioned = catchThrowableOfType(ManagementException.class,
                () -> storage.serviceClient().getBlobServices().getServiceProperties(GROUP, name));
            assertThat(notProvisioned.getValue().getCode()).isEqualTo("StorageAccountIsNotProvisioned");

            cloud.resourceManager().releaseFromCreating(name);

            assertThat(poller.waitForCompletion(Duration.ofSeconds(30)).getStatus())
                .isEqualTo(LongRunningOperationStatus.SUCCESSFULLY_COMPLETED);
            assertThat(poller.getFinalResult().provisioningState()).isEqualTo(ProvisioningState.SUCCEEDED);
        } finally {
            cloud.resourceManager().releaseFromCreating(name);
        }
    }

    @Test
    void aSecondCreateWithTheSamePropertiesIsIdempotentAndUpdateChangesOnlyWhatItNames(final LocalCloud cloud) {
        final StorageManager storage = storageManager(cloud);
        final String name = uniqueAccountName();
        create(storage, name, account("northeurope", SkuName.STANDARD_LRS).withAllowSharedKeyAccess(false));

        final StorageAccountInner again = create(storage, name, account("northeurope", SkuName.STANDARD_LRS)
            .withAllowSharedKeyAccess(false));
        final StorageAccountInner updated = storage.serviceClient().getStorageAccounts().update(GROUP, name,
            new StorageAccountUpdateParameters().withSku(new com.azure.resourcemanager.storage.models.Sku()
                .withName(SkuName.STANDARD_RAGRS)).withTags(Map.of("owner", "dr-team")));

        assertThat(again.creationTime()).isEqualTo(storage.serviceClient().getStorageAccounts()
            .getByResourceGroup(GROUP, name).creationTime());
        assertThat(updated.sku().name()).isEqualTo(SkuName.STANDARD_RAGRS);
        assertThat(updated.secondaryLocation()).isEqualTo("westeurope");
        assertThat(updated.allowSharedKeyAccess()).as("left as it was").isFalse();
        assertThat(updated.tags()).containsExactly(Map.entry("owner", "dr-team"));
        final ManagementException createOnly = catchThrowableOfType(ManagementException.class,
            () -> storage.serviceClient().getStorageAccounts().update(GROUP, name, new StorageAccountUpdateParameters()
                .withImmutableStorageWithVersioning(new ImmutableStorageAccount().withEnabled(true))));
        assertThat(createOnly.getValue().getCode()).isEqualTo("AccountPropertyCannotBeUpdated");
    }

    @Test
    void listsByResourceGroupAndSubscriptionAndDeletes(final LocalCloud cloud) {
        final StorageManager storage = storageManager(cloud);
        final String name = uniqueAccountName();
        create(storage, name, account("eastus", SkuName.STANDARD_LRS));

        assertThat(storage.serviceClient().getStorageAccounts().listByResourceGroup(GROUP).stream()
            .map(StorageAccountInner::name)).contains(name, LocalCloud.STORAGE_ACCOUNT);
        assertThat(storage.serviceClient().getStorageAccounts().list().stream().map(StorageAccountInner::name))
            .contains(name);

        storage.serviceClient().getStorageAccounts().delete(GROUP, name);

        assertThat(storage.serviceClient().getStorageAccounts().list().stream().map(StorageAccountInner::name))
            .doesNotContain(name);
        final ManagementException gone = catchThrowableOfType(ManagementException.class,
            () -> storage.serviceClient().getStorageAccounts().getByResourceGroup(GROUP, name));
        assertThat(gone.getResponse().getStatusCode()).isEqualTo(404);
        assertThat(gone.getValue().getCode()).isEqualTo("ResourceNotFound");
        assertThat(storage.serviceClient().getStorageAccounts().deleteWithResponse(GROUP, name, Context.NONE)
            .getStatusCode()).as("an account that does not exist").isEqualTo(204);
    }

    @Test
    void theFluentApiCreatesAnAccountToo(final LocalCloud cloud) {
        final String name = uniqueAccountName();

        final StorageAccount created = storageManager(cloud).storageAccounts().define(name)
            .withRegion(Region.EUROPE_NORTH)
            .withExistingResourceGroup(GROUP)
            .withSku(StorageAccountSkuType.STANDARD_ZRS)
            .withGeneralPurposeAccountKindV2()
            .withOnlyHttpsTraffic()
            .disableBlobPublicAccess()
            .disableSharedKeyAccess()
            .create();

        assertThat(created.provisioningState()).isEqualTo(ProvisioningState.SUCCEEDED);
        assertThat(created.skuType().name()).isEqualTo(SkuName.STANDARD_ZRS);
        assertThat(created.isSharedKeyAccessAllowed()).isFalse();
    }

    @Test
    void checksNameAvailability(final LocalCloud cloud) {
        final StorageManager storage = storageManager(cloud);
        final String takenElsewhere = uniqueAccountName();
        cloud.resourceManager().takeNameElsewhere(takenElsewhere);

        assertThat(nameCheck(storage, uniqueAccountName()).nameAvailable()).isTrue();
        assertThat(nameCheck(storage, LocalCloud.STORAGE_ACCOUNT).reason()).isEqualTo(Reason.ALREADY_EXISTS);
        assertThat(nameCheck(storage, takenElsewhere).reason()).isEqualTo(Reason.ALREADY_EXISTS);
        assertThat(nameCheck(storage, takenElsewhere).message())
            .isEqualTo("The storage account named " + takenElsewhere + " is already taken.");
        assertThat(nameCheck(storage, "Not-Valid").reason()).isEqualTo(Reason.ACCOUNT_NAME_INVALID);
        assertThat(nameCheck(storage, "ab").nameAvailable()).isFalse();
    }

    private static com.azure.resourcemanager.storage.fluent.models.CheckNameAvailabilityResultInner nameCheck(
        final StorageManager storage, final String name) {
        return storage.serviceClient().getStorageAccounts().checkNameAvailability(
            new StorageAccountCheckNameAvailabilityParameters().withName(name));
    }

    @Test
    void setsAndReadsBlobServiceProperties(final LocalCloud cloud) {
        final StorageManager storage = storageManager(cloud);
        final String name = uniqueAccountName();
        create(storage, name, account("uksouth", SkuName.STANDARD_LRS));

        storage.serviceClient().getBlobServices().setServiceProperties(GROUP, name, new BlobServicePropertiesInner()
            .withIsVersioningEnabled(true)
            .withChangeFeed(new ChangeFeed().withEnabled(true).withRetentionInDays(30))
            .withDeleteRetentionPolicy(new DeleteRetentionPolicy().withEnabled(true).withDays(14))
            .withContainerDeleteRetentionPolicy(new DeleteRetentionPolicy().withEnabled(true).withDays(7)));
        storage.serviceClient().getBlobServices().setServiceProperties(GROUP, name, new BlobServicePropertiesInner()
            .withDeleteRetentionPolicy(new DeleteRetentionPolicy().withEnabled(true).withDays(21)));

        final BlobServicePropertiesInner read = storage.serviceClient().getBlobServices()
            .getServiceProperties(GROUP, name);
        assertThat(read.isVersioningEnabled()).isTrue();
        assertThat(read.changeFeed().enabled()).isTrue();
        assertThat(read.changeFeed().retentionInDays()).isEqualTo(30);
        assertThat(read.deleteRetentionPolicy().days()).as("the second call changed only this").isEqualTo(21);
        assertThat(read.containerDeleteRetentionPolicy().days()).isEqualTo(7);
        final ManagementException tooLong = catchThrowableOfType(ManagementException.class,
            () -> storage.serviceClient().getBlobServices().setServiceProperties(GROUP, name,
                new BlobServicePropertiesInner().withDeleteRetentionPolicy(
                    new DeleteRetentionPolicy().withEnabled(true).withDays(366))));
        assertThat(tooLong.getResponse().getStatusCode()).isEqualTo(400);
        assertThat(tooLong.getValue().getMessage()).contains("deleteRetentionPolicy.days");
    }

    /**
     * An account created through ARM is an Azurite account: a container created through ARM is there, a blob written
     * through the data plane (at the blob endpoint ARM reports, signed in with Entra ID) is listed, and a container
     * created through the data plane shows in ARM.
     */
    @Test
    void anAccountCreatedThroughArmIsUsableThroughTheDataPlane(final LocalCloud cloud) {
        final StorageManager storage = storageManager(cloud);
        final String name = uniqueAccountName();
        final StorageAccountInner created = create(storage, name, account("francecentral", SkuName.STANDARD_LRS));
        storage.serviceClient().getBlobContainers().create(GROUP, name, "copies",
            new BlobContainerInner().withMetadata(Map.of("purpose", "dr")));
        final BlobServiceClient dataPlane = new BlobServiceClientBuilder()
            .endpoint(created.primaryEndpoints().blob())
            .credential(new ClientSecretCredentialBuilder()
                .tenantId(LocalCloud.TENANT_ID)
                .clientId(LocalCloud.CLIENT_ID)
                .clientSecret(LocalCloud.CLIENT_SECRET)
                .authorityHost(cloud.entraId().authorityHost())
                .disableInstanceDiscovery()
                .httpClient(ResourceManagerClients.HTTP_CLIENT)
                .build())
            .httpClient(ResourceManagerClients.HTTP_CLIENT)
            .buildClient();

        final BlobContainerClient copies = dataPlane.getBlobContainerClient("copies");
        copies.getBlobClient("invoices/2026-12.csv").upload(BinaryData.fromString("id,amount\n1,10\n"));
        dataPlane.createBlobContainer("made-on-the-data-plane");

        assertThat(copies.getProperties().getMetadata()).containsEntry("purpose", "dr");
        assertThat(copies.listBlobs().stream().map(BlobItem::getName)).containsExactly("invoices/2026-12.csv");
        assertThat(storage.serviceClient().getBlobContainers().list(GROUP, name).stream()
            .map(ListContainerItemInner::name)).containsExactly("copies", "made-on-the-data-plane");
        assertThat(cloud.blobServiceClient(name).getBlobContainerClient("copies").getBlobClient(
            "invoices/2026-12.csv").downloadContent().toString()).isEqualTo("id,amount\n1,10\n");

        storage.serviceClient().getStorageAccounts().delete(GROUP, name);

        final BlobStorageException unknown = catchThrowableOfType(BlobStorageException.class,
            copies::getProperties);
        assertThat(unknown.getStatusCode()).as("a deleted account is gone from Azurite").isEqualTo(404);
        assertThat(unknown.getErrorCode().toString()).isEqualTo("ResourceNotFound");
    }

    @Test
    void managesContainersThroughArm(final LocalCloud cloud) {
        final StorageManager storage = storageManager(cloud);
        final BlobContainersClient containers = storage.serviceClient().getBlobContainers();
        final String name = uniqueAccountName();
        create(storage, name, account("westus2", SkuName.STANDARD_LRS).withAllowBlobPublicAccess(true));

        final var createdResponse = containers.createWithResponse(GROUP, name, "reports",
            new BlobContainerInner().withPublicAccess(PublicAccess.BLOB), Context.NONE);
        final BlobContainerInner patched = containers.update(GROUP, name, "reports",
            new BlobContainerInner().withMetadata(Map.of("team", "finance")));

        assertThat(createdResponse.getStatusCode()).isEqualTo(201);
        assertThat(createdResponse.getValue().publicAccess()).isEqualTo(PublicAccess.BLOB);
        assertThat(patched.metadata()).containsEntry("team", "finance");
        assertThat(patched.publicAccess()).isEqualTo(PublicAccess.BLOB);
        assertThat(cloud.blobServiceClient(name).getBlobContainerClient("reports").getProperties()
            .getBlobPublicAccess()).isEqualTo(com.azure.storage.blob.models.PublicAccessType.BLOB);
        assertThat(containers.createWithResponse(GROUP, name, "reports", new BlobContainerInner(), Context.NONE)
            .getStatusCode()).as("PUT of an existing container updates it").isEqualTo(200);

        containers.delete(GROUP, name, "reports");

        assertThat(cloud.blobServiceClient(name).getBlobContainerClient("reports").exists()).isFalse();
        final ManagementException missing = catchThrowableOfType(ManagementException.class,
            () -> containers.get(GROUP, name, "reports"));
        assertThat(missing.getValue().getCode()).isEqualTo("ContainerNotFound");
    }

    @Test
    void listsContainersAPageOfMaxPageSizeAtATimeWithANextLink(final LocalCloud cloud) {
        final StorageManager storage = storageManager(cloud);
        final BlobContainersClient containers = storage.serviceClient().getBlobContainers();
        final String name = uniqueAccountName();
        create(storage, name, account("westus2", SkuName.STANDARD_LRS));
        for (final String container : List.of("page1", "page2", "page3", "page4", "page5")) {
            containers.create(GROUP, name, container, new BlobContainerInner());
        }

        final List<List<String>> pages = containers.list(GROUP, name, "2", null, null, Context.NONE)
            .streamByPage().map(page -> page.getValue().stream().map(ListContainerItemInner::name).toList())
            .toList();

        assertThat(pages).containsExactly(List.of("page1", "page2"), List.of("page3", "page4"), List.of("page5"));
        final ManagementException invalid = catchThrowableOfType(ManagementException.class,
            () -> containers.list(GROUP, name, "0", null, null, Context.NONE).stream().count());
        assertThat(invalid.getValue().getCode()).isEqualTo("InvalidQueryParameterValue");
    }

    @Test
    void refusesPublicAccessOnAnAccountThatDisallowsIt(final LocalCloud cloud) {
        final StorageManager storage = storageManager(cloud);
        final String name = uniqueAccountName();
        create(storage, name, account("westus2", SkuName.STANDARD_LRS));

        final ManagementException refusal = catchThrowableOfType(ManagementException.class,
            () -> storage.serviceClient().getBlobContainers().create(GROUP, name, "public",
                new BlobContainerInner().withPublicAccess(PublicAccess.CONTAINER)));

        assertThat(refusal.getResponse().getStatusCode()).isEqualTo(409);
        assertThat(refusal.getValue().getCode()).isEqualTo("PublicAccessNotPermitted");
        assertThat(cloud.blobServiceClient(name).getBlobContainerClient("public").exists()).isFalse();
    }

    /**
     * A time-based retention policy as Azure keeps it: every change carries the ETag of the last; a locked policy can
     * only be extended, at most five times, never shortened or deleted; its container keeps its blobs.
     */
    @Test
    void immutabilityPolicyFollowsItsEtagsAndLockRules(final LocalCloud cloud) {
        final StorageManager storage = storageManager(cloud);
        final BlobContainersClient containers = storage.serviceClient().getBlobContainers();
        final String name = accountWithContainer(storage, "germanywestcentral", "worm");
        cloud.blobServiceClient(name).getBlobContainerClient("worm").getBlobClient("kept.txt")
            .upload(BinaryData.fromString("kept"));

        final String created = containers.createOrUpdateImmutabilityPolicyWithResponse(GROUP, name, "worm", null,
            new ImmutabilityPolicyInner().withImmutabilityPeriodSinceCreationInDays(3)
                .withAllowProtectedAppendWrites(true), Context.NONE).getDeserializedHeaders().etag();
        final String shortened = containers.createOrUpdateImmutabilityPolicyWithResponse(GROUP, name, "worm",
            created, new ImmutabilityPolicyInner().withImmutabilityPeriodSinceCreationInDays(2), Context.NONE)
            .getValue().etag();
        final ManagementException stale = catchThrowableOfType(ManagementException.class,
            () -> containers.lockImmutabilityPolicy(GROUP, name, "worm", created));
        final ImmutabilityPolicyInner locked = containers.lockImmutabilityPolicy(GROUP, name, "worm", shortened);

        assertThat(created).isNotEqualTo(shortened);
        assertThat(stale.getResponse().getStatusCode()).isEqualTo(412);
        assertThat(locked.state()).isEqualTo(ImmutabilityPolicyState.LOCKED);
        assertThat(locked.immutabilityPeriodSinceCreationInDays()).isEqualTo(2);

        String etag = locked.etag();
        for (int days = 10; days <= 50; days += 10) {
            etag = containers.extendImmutabilityPolicyWithResponse(GROUP, name, "worm", etag,
                new ImmutabilityPolicyInner().withImmutabilityPeriodSinceCreationInDays(days), Context.NONE)
                .getValue().etag();
        }
        final String fifthEtag = etag;
        final ManagementException sixth = catchThrowableOfType(ManagementException.class,
            () -> containers.extendImmutabilityPolicyWithResponse(GROUP, name, "worm", fifthEtag,
                new ImmutabilityPolicyInner().withImmutabilityPeriodSinceCreationInDays(60), Context.NONE));
        final ManagementException shorter = catchThrowableOfType(ManagementException.class,
            () -> containers.extendImmutabilityPolicyWithResponse(GROUP, name, "worm", fifthEtag,
                new ImmutabilityPolicyInner().withImmutabilityPeriodSinceCreationInDays(20), Context.NONE));
        final ManagementException deleteLocked = catchThrowableOfType(ManagementException.class,
            () -> containers.deleteImmutabilityPolicy(GROUP, name, "worm", fifthEtag));
        final ManagementException deleteContainer = catchThrowableOfType(ManagementException.class,
            () -> containers.delete(GROUP, name, "worm"));
        final ManagementException deleteAccount = catchThrowableOfType(ManagementException.class,
            () -> storage.serviceClient().getStorageAccounts().delete(GROUP, name));

        assertThat(sixth.getValue().getMessage()).contains("at most 5 times");
        assertThat(shorter.getValue().getMessage()).contains("can only be increased");
        assertThat(deleteLocked.getResponse().getStatusCode()).isEqualTo(409);
        assertThat(deleteContainer.getValue().getCode()).isEqualTo("ContainerImmutabilityPolicyLocked");
        assertThat(deleteAccount.getValue().getCode()).isEqualTo("AccountProtectedFromDeletion");
        assertThat(deleteAccount.getValue().getMessage()).contains("worm");
        final BlobContainerInner container = containers.get(GROUP, name, "worm");
        assertThat(container.hasImmutabilityPolicy()).isTrue();
        assertThat(container.immutabilityPolicy().immutabilityPeriodSinceCreationInDays()).isEqualTo(50);
        assertThat(container.immutabilityPolicy().updateHistory()).hasSize(8)
            .allSatisfy(update -> assertThat(update.objectIdentifier()).isNotBlank());
        assertThat(cloud.blobServiceClient(name).getBlobContainerClient("worm").getBlobClient("kept.txt").exists())
            .isTrue();
    }

    @Test
    void deletesAnUnlockedPolicyWithItsEtag(final LocalCloud cloud) {
        final StorageManager storage = storageManager(cloud);
        final BlobContainersClient containers = storage.serviceClient().getBlobContainers();
        final String name = accountWithContainer(storage, "swedencentral", "trial");
        final String etag = containers.createOrUpdateImmutabilityPolicyWithResponse(GROUP, name, "trial", null,
            new ImmutabilityPolicyInner().withImmutabilityPeriodSinceCreationInDays(1), Context.NONE).getValue().etag();

        containers.deleteImmutabilityPolicy(GROUP, name, "trial", etag);

        assertThat(containers.get(GROUP, name, "trial").hasImmutabilityPolicy()).isFalse();
        containers.delete(GROUP, name, "trial");
        assertThat(cloud.blobServiceClient(name).getBlobContainerClient("trial").exists()).isFalse();
    }

    @Test
    void legalHoldsKeepAContainerUntilCleared(final LocalCloud cloud) {
        final StorageManager storage = storageManager(cloud);
        final BlobContainersClient containers = storage.serviceClient().getBlobContainers();
        final String name = accountWithContainer(storage, "switzerlandnorth", "evidence");

        final LegalHoldInner set = containers.setLegalHold(GROUP, name, "evidence",
            new LegalHoldInner().withTags(List.of("case2026", "audit")));
        final ManagementException refusal = catchThrowableOfType(ManagementException.class,
            () -> containers.delete(GROUP, name, "evidence"));
        final LegalHoldInner partlyCleared = containers.clearLegalHold(GROUP, name, "evidence",
            new LegalHoldInner().withTags(List.of("audit")));

        assertThat(set.hasLegalHold()).isTrue();
        assertThat(set.tags()).containsExactly("case2026", "audit");
        assertThat(refusal.getResponse().getStatusCode()).isEqualTo(409);
        assertThat(refusal.getValue().getCode()).isEqualTo("ContainerHasLegalHold");
        assertThat(partlyCleared.tags()).containsExactly("case2026");
        assertThat(containers.get(GROUP, name, "evidence").legalHold().tags()).singleElement()
            .satisfies(tag -> assertThat(tag.objectIdentifier()).isNotBlank());

        containers.clearLegalHold(GROUP, name, "evidence", new LegalHoldInner().withTags(List.of("case2026")));
        containers.delete(GROUP, name, "evidence");
        assertThat(cloud.blobServiceClient(name).getBlobContainerClient("evidence").exists()).isFalse();
    }

    @Test
    void refusesAContainerLegalHoldUnderVersionLevelImmutability(final LocalCloud cloud) {
        final StorageManager storage = storageManager(cloud);
        final BlobContainersClient containers = storage.serviceClient().getBlobContainers();
        final String name = uniqueAccountName();
        create(storage, name, account("norwayeast", SkuName.STANDARD_LRS));
        final ManagementException withoutVersioning = catchThrowableOfType(ManagementException.class,
            () -> containers.create(GROUP, name, "versions", new BlobContainerInner()
                .withImmutableStorageWithVersioning(new ImmutableStorageWithVersioning().withEnabled(true))));
        storage.serviceClient().getBlobServices().setServiceProperties(GROUP, name,
            new BlobServicePropertiesInner().withIsVersioningEnabled(true));

        final BlobContainerInner created = containers.create(GROUP, name, "versions", new BlobContainerInner()
            .withImmutableStorageWithVersioning(new ImmutableStorageWithVersioning().withEnabled(true)));
        final ManagementException refusal = catchThrowableOfType(ManagementException.class,
            () -> containers.setLegalHold(GROUP, name, "versions", new LegalHoldInner().withTags(List.of("hold1"))));

        assertThat(withoutVersioning.getResponse().getStatusCode()).isEqualTo(409);
        assertThat(created.immutableStorageWithVersioning().enabled()).isTrue();
        assertThat(refusal.getResponse().getStatusCode()).isEqualTo(409);
        assertThat(refusal.getValue().getMessage()).contains("version-level immutability");
        final ManagementException versioningOff = catchThrowableOfType(ManagementException.class,
            () -> storage.serviceClient().getBlobServices().setServiceProperties(GROUP, name,
                new BlobServicePropertiesInner().withIsVersioningEnabled(false)));
        assertThat(versioningOff.getResponse().getStatusCode()).isEqualTo(400);
    }

    /** A new Standard_LRS account with one container made through ARM; its name. */
    private static String accountWithContainer(final StorageManager storage, final String location,
                                               final String container) {
        final String name = uniqueAccountName();
        create(storage, name, account(location, SkuName.STANDARD_LRS));
        storage.serviceClient().getBlobContainers().create(GROUP, name, container, new BlobContainerInner());
        return name;
    }
}
