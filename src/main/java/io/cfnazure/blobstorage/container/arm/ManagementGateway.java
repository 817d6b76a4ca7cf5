package io.cfnazure.blobstorage.container.arm;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.rest.PagedFlux;
import com.azure.core.http.rest.PagedResponse;
import com.azure.core.http.rest.Response;
import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.storage.fluent.BlobContainersClient;
import com.azure.resourcemanager.storage.fluent.StorageManagementClient;
import com.azure.resourcemanager.storage.fluent.models.BlobContainerInner;
import com.azure.resourcemanager.storage.fluent.models.ImmutabilityPolicyInner;
import com.azure.resourcemanager.storage.fluent.models.LegalHoldInner;
import com.azure.resourcemanager.storage.fluent.models.ListContainerItemInner;
import com.azure.resourcemanager.storage.fluent.models.StorageAccountInner;
import com.azure.resourcemanager.storage.models.ImmutabilityPolicyProperties;
import com.azure.resourcemanager.storage.models.ImmutabilityPolicyState;
import com.azure.resourcemanager.storage.models.ImmutabilityPolicyUpdateType;
import com.azure.resourcemanager.storage.models.ImmutableStorageWithVersioning;
import com.azure.resourcemanager.storage.models.LegalHoldProperties;
import com.azure.resourcemanager.storage.models.PublicAccess;
import com.azure.resourcemanager.storage.models.TagProperty;
import com.azure.storage.blob.models.PublicAccessType;
import io.cfnazure.blobstorage.container.azure.ContainerGateway;
import io.cfnazure.blobstorage.container.azure.ContainerView;
import io.cfnazure.access.calls.Deadline;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * The Azure Resource Manager calls the handlers make on the containers of one storage account (the management
 * plane: {@code …/blobServices/default/containers}), with their immutability policies and legal holds. Azure
 * Resource Manager answers for accounts whose blob service admits nobody from outside (public network access
 * disabled, IP rules, private endpoints). Each call gets what remains of the invocation's deadline, and each failure
 * leaves translated ({@link ArmCalls}, with {@link ContainerFailures}).
 */
public class ManagementGateway implements ContainerGateway {

    /** The container type's property that names the subscription, for messages. */
    private static final String SUBSCRIPTION_SETTING = "StorageAccountId";

    private final StorageManagementClient storage;
    private final BlobContainersClient containers;
    private final ArmClients.Access access;
    private final AccountId account;
    private final ArmCalls calls;

    public ManagementGateway(final ArmClients.Management management, final ArmClients.Access access,
                             final AccountId account, final Deadline deadline) {
        this.storage = management.storage();
        this.containers = management.storage().getBlobContainers();
        this.access = access;
        this.account = account;
        this.calls = new ArmCalls(deadline, ContainerFailures::translate);
    }

    /**
     * The ID of the storage account of this name in the subscription of {@code access}, if it has one there (account
     * names are unique across Azure). For a request that names the container by its URL alone.
     */
    public static Optional<AccountId> findAccount(final ArmClients.Management management,
                                                  final ArmClients.Access access, final String accountName,
                                                  final Deadline deadline) {
        final ArmFailures.Subject subject = new ArmFailures.Subject(access.subscriptionId(), null, null, null,
            access.clientId(), access.tenantId(), "the type configuration's SubscriptionId");
        return new ArmCalls(deadline, ContainerFailures::translate).call(subject, management.storage()
            .getStorageAccounts().listAsync()
            .filter(candidate -> accountName.equals(candidate.name()))
            .map(found -> Optional.of(AccountId.parse("the account's id", found.id())))
            .next()
            .defaultIfEmpty(Optional.empty()));
    }

    /** The storage account itself: its locations, for the jurisdiction. */
    public StorageAccountInner account() {
        return calls.call(subject(null), storage.getStorageAccounts()
            .getByResourceGroupAsync(account.resourceGroup(), account.accountName()));
    }

    /** Whether the account keeps blob versions, which version-level immutability needs. */
    public boolean versioningEnabled() {
        return Boolean.TRUE.equals(calls.call(subject(null), storage.getBlobServices()
            .getServicePropertiesAsync(account.resourceGroup(), account.accountName()))
            .isVersioningEnabled());
    }

    /**
     * Azure Resource Manager creates with PUT, which would also change a container that exists: the handler asks
     * first, so that it never takes over someone else's container.
     */
    @Override
    public CreateOutcome create(final NewContainer container) {
        if (calls.call(subject(container.name()), ArmCalls.absentOn404(containers
            .getWithResponseAsync(account.resourceGroup(), account.accountName(), container.name())
            .map(response -> Optional.of(response.getValue())))).isPresent()) {
            return CreateOutcome.NAME_TAKEN;
        }
        final BlobContainerInner desired = new BlobContainerInner()
            .withMetadata(container.metadata())
            .withPublicAccess(publicAccess(container.publicAccess()))
            .withDefaultEncryptionScope(container.defaultEncryptionScope())
            .withDenyEncryptionScopeOverride(container.defaultEncryptionScope() == null ? null
                : container.denyEncryptionScopeOverride())
            .withImmutableStorageWithVersioning(container.versionLevelImmutability() == null ? null
                : new ImmutableStorageWithVersioning().withEnabled(container.versionLevelImmutability()));
        return calls.call(subject(container.name()), containers
            .createWithResponseAsync(account.resourceGroup(), account.accountName(), container.name(), desired)
            .map(created -> CreateOutcome.CREATED)
            .onErrorResume(ManagementException.class, e -> {
                final ArmFailures.Answer answer = ArmFailures.answerOf(e);
                if (ContainerFailures.nameBeingReleased(answer)) {
                    return Mono.just(CreateOutcome.NAME_BEING_RELEASED);
                }
                // Someone created it between the look and the PUT.
                return ContainerFailures.ALREADY_EXISTS.equals(answer.code()) ? Mono.just(CreateOutcome.NAME_TAKEN)
                    : Mono.error(e);
            }));
    }

    @Override
    public ContainerView properties(final String container) {
        final BlobContainerInner inner = calls.call(subject(container), containers
            .getAsync(account.resourceGroup(), account.accountName(), container));
        return view(container, inner.publicAccess(), inner.metadata(), inner.defaultEncryptionScope(),
            inner.denyEncryptionScopeOverride(), inner.immutabilityPolicy(), inner.legalHold(),
            inner.immutableStorageWithVersioning());
    }

    /** Azure Resource Manager changes the access level alone: the container's stored access policies stay. */
    @Override
    public void setPublicAccess(final String container, final PublicAccessType access) {
        update(container, new BlobContainerInner().withPublicAccess(publicAccess(access)));
    }

    @Override
    public void setMetadata(final String container, final Map<String, String> metadata) {
        update(container, new BlobContainerInner().withMetadata(metadata));
    }

    private void update(final String container, final BlobContainerInner change) {
        calls.call(subject(container), containers
            .updateWithResponseAsync(account.resourceGroup(), account.accountName(), container, change));
    }

    @Override
    public void delete(final String container) {
        calls.call(subject(container), containers
            .deleteWithResponseAsync(account.resourceGroup(), account.accountName(), container));
    }

    /**
     * A page of the account's containers, as Azure Resource Manager lists them: without their metadata and legal hold
     * tags, which Read returns.
     */
    @Override
    public ContainerPage listContainers(final String marker, final int pageSize) {
        final PagedFlux<ListContainerItemInner> all = containers.listAsync(account.resourceGroup(),
            account.accountName(), String.valueOf(pageSize), null, null);
        final PagedResponse<ListContainerItemInner> page = calls.call(subject(null),
            (marker == null ? all.byPage() : all.byPage(marker)).next());
        return new ContainerPage(page.getValue().stream()
            .map(item -> view(item.name(), item.publicAccess(), item.metadata(), item.defaultEncryptionScope(),
                item.denyEncryptionScopeOverride(), item.immutabilityPolicy(), item.legalHold(),
                item.immutableStorageWithVersioning()))
            .toList(), page.getContinuationToken());
    }

    /**
     * Creates the container's time-based retention policy, or changes an unlocked one ({@code etag} its current
     * ETag, null for a new one); the new policy's ETag.
     */
    public String putRetentionPolicy(final String container, final int days, final boolean allowProtectedAppendWrites,
                                     final String etag) {
        return etagOf(calls.call(subject(container), containers.createOrUpdateImmutabilityPolicyWithResponseAsync(
            account.resourceGroup(), account.accountName(), container, etag, new ImmutabilityPolicyInner()
                .withImmutabilityPeriodSinceCreationInDays(days)
                .withAllowProtectedAppendWrites(allowProtectedAppendWrites))));
    }

    /** Locks the policy whose ETag is {@code etag}: irreversible. */
    public String lockRetentionPolicy(final String container, final String etag) {
        return etagOf(calls.call(subject(container), containers.lockImmutabilityPolicyWithResponseAsync(
            account.resourceGroup(), account.accountName(), container, etag)));
    }

    /** Lengthens a locked policy, which Azure allows 5 times. */
    public String extendRetentionPolicy(final String container, final int days, final String etag) {
        return etagOf(calls.call(subject(container), containers.extendImmutabilityPolicyWithResponseAsync(
            account.resourceGroup(), account.accountName(), container, etag,
            new ImmutabilityPolicyInner().withImmutabilityPeriodSinceCreationInDays(days))));
    }

    /** Deletes an unlocked policy. */
    public void deleteRetentionPolicy(final String container, final String etag) {
        calls.call(subject(container), containers.deleteImmutabilityPolicyWithResponseAsync(
            account.resourceGroup(), account.accountName(), container, etag));
    }

    public void setLegalHold(final String container, final List<String> tags) {
        calls.call(subject(container), containers.setLegalHoldWithResponseAsync(account.resourceGroup(),
            account.accountName(), container, new LegalHoldInner().withTags(tags)));
    }

    public void clearLegalHold(final String container, final List<String> tags) {
        calls.call(subject(container), containers.clearLegalHoldWithResponseAsync(account.resourceGroup(),
            account.accountName(), container, new LegalHoldInner().withTags(tags)));
    }

    /** The policy's new ETag: in the answer's body, else its ETag header. */
    private static String etagOf(final Response<ImmutabilityPolicyInner> answer) {
        return answer.getValue() != null && answer.getValue().etag() != null ? answer.getValue().etag()
            : answer.getHeaders().getValue(HttpHeaderName.ETAG);
    }

    private ArmFailures.Subject subject(final String container) {
        return new ArmFailures.Subject(account.subscriptionId(), account.resourceGroup(), account.accountName(),
            container, access.clientId(), access.tenantId(), SUBSCRIPTION_SETTING);
    }

    private static PublicAccess publicAccess(final PublicAccessType access) {
        if (PublicAccessType.BLOB.equals(access)) {
            return PublicAccess.BLOB;
        }
        return PublicAccessType.CONTAINER.equals(access) ? PublicAccess.CONTAINER : PublicAccess.NONE;
    }

    private static PublicAccessType publicAccessType(final PublicAccess access) {
        if (PublicAccess.BLOB.equals(access)) {
            return PublicAccessType.BLOB;
        }
        return PublicAccess.CONTAINER.equals(access) ? PublicAccessType.CONTAINER : null;
    }

    /** The plane-neutral view of what ARM says of a container, when it gets it and when it lists it. */
    private static ContainerView view(final String name, final PublicAccess access, final Map<String, String> metadata,
                                      final String encryptionScope, final Boolean denyOverride,
                                      final ImmutabilityPolicyProperties policy, final LegalHoldProperties legalHold,
                                      final ImmutableStorageWithVersioning versionLevel) {
        final List<String> tags = legalHold == null || legalHold.tags() == null ? List.of()
            : legalHold.tags().stream().map(TagProperty::tag).filter(Objects::nonNull).sorted().toList();
        return new ContainerView(name, publicAccessType(access), metadata, encryptionScope, denyOverride,
            new ContainerView.Protection(retentionPolicy(policy), tags,
                versionLevel != null && Boolean.TRUE.equals(versionLevel.enabled())));
    }

    /** A policy with no retention period is no policy (Azure may describe an absent one so). */
    private static ContainerView.RetentionPolicy retentionPolicy(final ImmutabilityPolicyProperties policy) {
        if (policy == null || policy.immutabilityPeriodSinceCreationInDays() == null
            || policy.immutabilityPeriodSinceCreationInDays() <= 0) {
            return null;
        }
        final int extensions = policy.updateHistory() == null ? 0 : (int) policy.updateHistory().stream()
            .filter(update -> ImmutabilityPolicyUpdateType.EXTEND.equals(update.update())).count();
        return new ContainerView.RetentionPolicy(policy.immutabilityPeriodSinceCreationInDays(),
            Boolean.TRUE.equals(policy.allowProtectedAppendWrites()),
            ImmutabilityPolicyState.LOCKED.equals(policy.state()), policy.etag(), extensions);
    }
}
