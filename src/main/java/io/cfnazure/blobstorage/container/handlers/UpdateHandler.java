package io.cfnazure.blobstorage.container.handlers;

import com.azure.storage.blob.models.PublicAccessType;
import io.cfnazure.access.ContainerAddress;
import io.cfnazure.blobstorage.container.arm.ManagementGateway;
import io.cfnazure.blobstorage.container.azure.ContainerGateway;
import io.cfnazure.blobstorage.container.azure.ContainerView;
import io.cfnazure.blobstorage.container.model.ResourceModel;
import io.cfnazure.blobstorage.container.model.Translator;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.BiFunction;
import software.amazon.cloudformation.exceptions.CfnNotUpdatableException;
import software.amazon.cloudformation.proxy.ProgressEvent;

/**
 * Changes the access level and metadata in place, each only when it differs from what Azure has (so a metadata-only
 * change never needs the ACL permission, and an Update called again after a transient failure finishes what is left);
 * with StorageAccountId, also the retention policy and legal holds, as Azure allows ({@link Immutability}: what it
 * would refuse, such as shortening a locked policy, is refused before anything changes). Create-only properties
 * cannot change: CloudFormation replaces the resource.
 */
public class UpdateHandler extends BaseHandlerStd {

    /** Each create-only property's effective value: the model's, else what Azure took when the template left it out. */
    static final Map<String, BiFunction<ResourceModel, ContainerAddress, Object>> CREATE_ONLY = Map.of(
        "StorageAccountName", (model, address) -> or(model.getStorageAccountName(), address.accountName()),
        "StorageAccountId", (model, address) -> model.getStorageAccountId(),
        "VersionLevelImmutability", (model, address) -> model.getVersionLevelImmutability(),
        "ContainerName", (model, address) -> or(model.getContainerName(), address.containerName()),
        "AzureCloud", (model, address) -> or(model.getAzureCloud(), address.cloud().schemaName()),
        "DefaultEncryptionScope", (model, address) ->
            or(model.getDefaultEncryptionScope(), Translator.ACCOUNT_ENCRYPTION_KEY),
        "DenyEncryptionScopeOverride", (model, address) -> or(model.getDenyEncryptionScopeOverride(), false));

    public UpdateHandler() {
    }

    public UpdateHandler(final Dependencies dependencies) {
        super(dependencies);
    }

    @Override
    protected ProgressEvent<ResourceModel, CallbackContext> handle(final Invocation invocation) {
        final ResourceModel desired = invocation.model();
        final ResourceModel previous = invocation.request().getPreviousResourceState();
        final ContainerAddress address = previous != null && previous.getContainerUrl() != null
            ? Translator.addressFromUrl(previous.getContainerUrl())
            : Translator.addressOf(desired, invocation.typeConfiguration());
        requireCreateOnlyUnchanged(previous, desired, address);
        final Target target = new Target(address, Translator.accountIdOf(desired, address.accountName()));
        Translator.validateSettings(desired, target.managed());
        final String container = address.containerName();

        return resumable(invocation, desired.toBuilder().containerUrl(address.url()).build(), () -> {
            final ContainerGateway gateway = connect(invocation, target);
            if (gateway instanceof ManagementGateway management) {
                requireJurisdiction(management, target, desired);
            }
            final ContainerView current = gateway.properties(container);
            final Immutability immutability = target.managed()
                ? Immutability.plan(current.protection(), desired, address) : null;
            final PublicAccessType access = Translator.publicAccessType(desired.getPublicAccess());
            if (!Objects.equals(access, current.publicAccess())) {
                gateway.setPublicAccess(container, access);
                invocation.log("Set public access of " + address.url() + " to " + desired.getPublicAccess());
            }
            final Map<String, String> metadata = new TreeMap<>(Translator.desiredMetadata(desired));
            if (!metadata.equals(Translator.userMetadata(current.metadata()))) {
                gateway.setMetadata(container, metadata);
                invocation.log("Replaced metadata of " + address.url());
            }
            if (immutability != null) {
                immutability.apply((ManagementGateway) gateway, address, invocation);
            }
            return readBack(gateway, target);
        });
    }

    private static Object or(final Object value, final Object otherwise) {
        return value != null ? value : otherwise;
    }

    private static void requireCreateOnlyUnchanged(final ResourceModel previous, final ResourceModel desired,
                                                   final ContainerAddress address) {
        // Without the previous state (Cloud Control API), the container's own address is what is known to be so.
        final ResourceModel before = previous != null ? previous : ResourceModel.builder()
            .storageAccountId(desired.getStorageAccountId())
            .versionLevelImmutability(desired.getVersionLevelImmutability())
            .defaultEncryptionScope(desired.getDefaultEncryptionScope())
            .denyEncryptionScopeOverride(desired.getDenyEncryptionScopeOverride()).build();
        CREATE_ONLY.forEach((property, value) -> {
            if (!Objects.equals(value.apply(before, address), value.apply(desired, address))) {
                throw new CfnNotUpdatableException(ResourceModel.TYPE_NAME, address.url() + " (" + property
                    + " is create-only: changing it replaces the container)");
            }
        });
    }
}
