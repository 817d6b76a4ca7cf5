package io.cfnazure.blobstorage.container.azure;

import com.azure.storage.blob.models.PublicAccessType;
import java.util.List;
import java.util.Map;

/**
 * The container calls the handlers make on one storage account, whichever way the container is managed: through the
 * account's blob service ({@link StorageAccountGateway}, the data plane) or through Azure Resource Manager (the
 * management plane, {@code arm.ManagementGateway}). Each failure leaves already translated into a
 * {@code HandlerFailure}.
 */
public interface ContainerGateway {

    /** Desired settings of a new container; null fields leave Azure's defaults. */
    record NewContainer(
        String name, Map<String, String> metadata, PublicAccessType publicAccess, String defaultEncryptionScope,
        boolean denyEncryptionScopeOverride, Boolean versionLevelImmutability) {
    }

    /** One page of containers and the marker of the next page (null on the last). */
    record ContainerPage(List<ContainerView> containers, String nextMarker) {
    }

    /** What Azure did with a create request. */
    enum CreateOutcome {
        CREATED,
        /** A container of that name exists (whose, the caller finds out). */
        NAME_TAKEN,
        /** A container of that name was deleted recently: Azure blocks the name for a while. */
        NAME_BEING_RELEASED
    }

    CreateOutcome create(NewContainer container);

    /** The container as Azure describes it; NotFound when there is none. */
    ContainerView properties(String container);

    /** Changes the public access level only. */
    void setPublicAccess(String container, PublicAccessType access);

    /** Replaces the container's metadata. */
    void setMetadata(String container, Map<String, String> metadata);

    void delete(String container);

    ContainerPage listContainers(String marker, int pageSize);
}
