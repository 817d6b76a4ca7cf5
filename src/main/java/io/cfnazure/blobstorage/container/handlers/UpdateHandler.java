package io.cfnazure.blobstorage.container.handlers;

import com.azure.storage.blob.models.BlobContainerProperties;
import com.azure.storage.blob.models.PublicAccessType;
import io.cfnazure.blobstorage.container.azure.ContainerAddress;
import io.cfnazure.blobstorage.container.azure.StorageAccountGateway;
import io.cfnazure.blobstorage.container.model.ResourceModel;
import io.cfnazure.blobstorage.container.model.Translator;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import software.amazon.cloudformation.exceptions.CfnNotUpdatableException;
import software.amazon.cloudformation.proxy.ProgressEvent;

/**
 * Changes the access level and metadata in place, each only when it differs from what Azure has (so a metadata-only
 * change never needs the ACL permission). Create-only properties cannot change: CloudFormation replaces the resource.
 */
public class UpdateHandler extends BaseHandlerStd {

    static final Map<String, Function<ResourceModel, Object>> CREATE_ONLY = Map.of(
        "StorageAccountName", ResourceModel::getStorageAccountName,
        "ContainerName", ResourceModel::getContainerName,
        "AzureCloud", ResourceModel::getAzureCloud,
        "DefaultEncryptionScope", ResourceModel::getDefaultEncryptionScope,
        "DenyEncryptionScopeOverride", ResourceModel::getDenyEncryptionScopeOverride);

    public UpdateHandler() {
    }

    public UpdateHandler(final Dependencies dependencies) {
        super(dependencies);
    }

    @Override
    protected ProgressEvent<ResourceModel, CallbackContext> handle(final Invocation invocation) {
        final ResourceModel desired = invocation.model();
        final ContainerAddress address = Translator.addressOf(desired, invocation.typeConfiguration);
        requireCreateOnlyUnchanged(invocation.request.getPreviousResourceState(), desired, address);
        Translator.validateSettings(desired);
        final StorageAccountGateway gateway = invocation.connect(address);
        final String container = address.containerName();

        return ProgressEvent.progress(desired, invocation.callbackContext)
            .then(progress -> {
                final BlobContainerProperties current = gateway.properties(container);
                final PublicAccessType access = Translator.publicAccessType(desired.getPublicAccess());
                if (!Objects.equals(access, current.getBlobPublicAccess())) {
                    gateway.setPublicAccess(container, access);
                    invocation.log("Set public access of " + address.url() + " to " + desired.getPublicAccess());
                }
                final Map<String, String> metadata = new TreeMap<>(Translator.userMetadata(desired));
                if (!metadata.equals(Translator.userMetadata(current.getMetadata()))) {
                    gateway.setMetadata(container, metadata);
                    invocation.log("Replaced metadata of " + address.url());
                }
                return progress;
            })
            .then(progress -> readBack(invocation, gateway, address));
    }

    private static void requireCreateOnlyUnchanged(final ResourceModel previous, final ResourceModel desired,
                                                   final ContainerAddress address) {
        if (previous == null) {
            return;
        }
        CREATE_ONLY.forEach((property, value) -> {
            final Object before = value.apply(previous);
            final Object after = value.apply(desired);
            // A property the previous template left out was Azure's default; only an explicit change counts.
            if (before != null && after != null && !before.equals(after)) {
                throw new CfnNotUpdatableException(ResourceModel.TYPE_NAME, address.url() + " (" + property
                    + " is create-only: changing it replaces the container)");
            }
        });
    }
}
