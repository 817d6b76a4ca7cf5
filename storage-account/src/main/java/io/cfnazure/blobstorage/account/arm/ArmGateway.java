package io.cfnazure.blobstorage.account.arm;

import com.azure.core.http.rest.PagedFlux;
import com.azure.core.http.rest.PagedResponse;
import com.azure.resourcemanager.resources.fluent.ResourceManagementClient;
import com.azure.resourcemanager.resources.fluent.models.ResourceGroupInner;
import com.azure.resourcemanager.storage.fluent.StorageManagementClient;
import com.azure.resourcemanager.storage.fluent.models.BlobServicePropertiesInner;
import com.azure.resourcemanager.storage.fluent.models.CheckNameAvailabilityResultInner;
import com.azure.resourcemanager.storage.fluent.models.ImmutabilityPolicyInner;
import com.azure.resourcemanager.storage.fluent.models.ListContainerItemInner;
import com.azure.resourcemanager.storage.fluent.models.StorageAccountInner;
import com.azure.resourcemanager.storage.models.StorageAccountCheckNameAvailabilityParameters;
import com.azure.resourcemanager.storage.models.StorageAccountCreateParameters;
import com.azure.resourcemanager.storage.models.StorageAccountUpdateParameters;
import io.cfnazure.access.calls.Deadline;
import io.cfnazure.blobstorage.container.arm.AccountId;
import io.cfnazure.blobstorage.container.arm.ArmCalls;
import io.cfnazure.blobstorage.container.arm.ArmClients;
import io.cfnazure.blobstorage.container.arm.ArmFailures;
import io.cfnazure.cloudformation.HandlerFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Azure Resource Manager calls the handlers make in one subscription, in the shapes the handlers need. Each call
 * gets what remains of the invocation's deadline as its time limit, and each failure leaves here already translated
 * into a {@link HandlerFailure} ({@link ArmCalls}, with {@link AccountFailures}). Long-running operations are followed
 * only while the deadline allows; the caller answers IN_PROGRESS and looks again in its next invocation.
 */
public class ArmGateway {

    /** The account type's property that names the subscription, for messages. */
    private static final String SUBSCRIPTION_SETTING = "SubscriptionId";

    private final StorageManagementClient storage;
    private final ResourceManagementClient resources;
    private final ArmClients.Access access;
    private final ArmCalls calls;

    public ArmGateway(final ArmClients.Management management, final ArmClients.Access access,
                      final Deadline deadline) {
        this.storage = management.storage();
        this.resources = management.resources();
        this.access = access;
        this.calls = new ArmCalls(deadline, AccountFailures::translate);
    }

    /** One page of accounts and the token of the next page (null on the last). */
    public record AccountPage(List<StorageAccountInner> accounts, String nextToken) {
    }

    public Optional<ResourceGroupInner> resourceGroup(final String name) {
        return calls.call(group(name), ArmCalls.absentOn404(resources.getResourceGroups().getWithResponseAsync(name)
            .map(response -> Optional.of(response.getValue()))));
    }

    public void createResourceGroup(final String name, final String location, final Map<String, String> tags) {
        calls.call(group(name), resources.getResourceGroups()
            .createOrUpdateWithResponseAsync(name, new ResourceGroupInner().withLocation(location).withTags(tags)));
    }

    /**
     * Whether the account's resource group holds anything but the account. The account is left out by name: Azure's
     * list of a group's resources may show an account for a while after it was deleted.
     */
    public boolean resourceGroupHoldsResourcesOtherThan(final AccountId id) {
        return Boolean.TRUE.equals(calls.call(group(id.resourceGroup()), resources.getResources()
            .listByResourceGroupAsync(id.resourceGroup())
            .filter(resource -> !id.value().equalsIgnoreCase(resource.id()))
            .hasElements()));
    }

    /** Whether Azure finished deleting the resource group while the invocation followed it. */
    public boolean deleteResourceGroup(final String name, final Duration reserve) {
        return calls.follow(group(name), resources.getResourceGroups().beginDeleteAsync(name), reserve);
    }

    public Optional<StorageAccountInner> account(final AccountId id) {
        return calls.call(account(id.resourceGroup(), id.accountName()), ArmCalls.absentOn404(
            storage.getStorageAccounts().getByResourceGroupWithResponseAsync(id.resourceGroup(), id.accountName(), null)
                .map(response -> Optional.of(response.getValue()))));
    }

    public CheckNameAvailabilityResultInner checkNameAvailability(final AccountId id) {
        return calls.call(account(id.resourceGroup(), id.accountName()), storage.getStorageAccounts()
            .checkNameAvailabilityAsync(new StorageAccountCheckNameAvailabilityParameters().withName(id.accountName())));
    }

    /**
     * Sends the create request and follows it while the deadline, less {@code reserve} for what the invocation does
     * afterwards, allows. Whether Azure finished; if not, the account may or may not exist yet: the next invocation
     * looks.
     */
    public boolean createAccount(final AccountId id, final StorageAccountCreateParameters parameters,
                                  final Duration reserve) {
        return calls.follow(account(id.resourceGroup(), id.accountName()),
            storage.getStorageAccounts().beginCreateAsync(id.resourceGroup(), id.accountName(), parameters), reserve);
    }

    public StorageAccountInner updateAccount(final AccountId id, final StorageAccountUpdateParameters parameters) {
        return calls.call(account(id.resourceGroup(), id.accountName()), storage.getStorageAccounts()
            .updateAsync(id.resourceGroup(), id.accountName(), parameters));
    }

    /** Azure deletes a storage account synchronously: 200 when deleted, 204 when there was none. */
    public void deleteAccount(final AccountId id) {
        calls.call(account(id.resourceGroup(), id.accountName()), storage.getStorageAccounts()
            .deleteWithResponseAsync(id.resourceGroup(), id.accountName()));
    }

    public BlobServicePropertiesInner blobService(final AccountId id) {
        return calls.call(account(id.resourceGroup(), id.accountName()), storage.getBlobServices()
            .getServicePropertiesAsync(id.resourceGroup(), id.accountName()));
    }

    public void setBlobService(final AccountId id, final BlobServicePropertiesInner properties) {
        calls.call(account(id.resourceGroup(), id.accountName()), storage.getBlobServices()
            .setServicePropertiesWithResponseAsync(id.resourceGroup(), id.accountName(), properties));
    }

    /** The account's containers, at most {@code limit} of them (Azure Resource Manager lists containers, not blobs). */
    public List<ListContainerItemInner> containers(final AccountId id, final int limit) {
        return calls.call(account(id.resourceGroup(), id.accountName()), storage.getBlobContainers()
            .listAsync(id.resourceGroup(), id.accountName()).take(limit).collectList());
    }

    /** The container's time-based retention policy: its state and period. */
    public ImmutabilityPolicyInner immutabilityPolicy(final AccountId id, final String container) {
        return calls.call(account(id.resourceGroup(), id.accountName()), storage.getBlobContainers()
            .getImmutabilityPolicyAsync(id.resourceGroup(), id.accountName(), container));
    }

    /** A page of the subscription's accounts, or of one resource group's; {@code token} is the previous page's. */
    public AccountPage accounts(final String resourceGroup, final String token) {
        final PagedFlux<StorageAccountInner> all = resourceGroup == null ? storage.getStorageAccounts().listAsync()
            : storage.getStorageAccounts().listByResourceGroupAsync(resourceGroup);
        final PagedResponse<StorageAccountInner> page = calls.call(group(resourceGroup),
            (token == null ? all.byPage() : all.byPage(token)).next());
        return new AccountPage(page.getValue(), page.getContinuationToken());
    }

    private ArmFailures.Subject group(final String name) {
        return account(name, null);
    }

    private ArmFailures.Subject account(final String resourceGroup, final String accountName) {
        return new ArmFailures.Subject(access.subscriptionId(), resourceGroup, accountName, null, access.clientId(),
            access.tenantId(), SUBSCRIPTION_SETTING);
    }
}
