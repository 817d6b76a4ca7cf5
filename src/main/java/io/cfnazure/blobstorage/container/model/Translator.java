package io.cfnazure.blobstorage.container.model;

import io.cfnazure.access.calls.SafeText;
import com.azure.storage.blob.models.BlobContainerItem;
import com.azure.storage.blob.models.BlobContainerItemProperties;
import com.azure.storage.blob.models.BlobContainerProperties;
import com.azure.storage.blob.models.PublicAccessType;
import io.cfnazure.access.AzureCloud;
import io.cfnazure.access.ContainerAddress;
import io.cfnazure.blobstorage.container.azure.AzureNamingRules;
import io.cfnazure.blobstorage.container.azure.StorageAccountGateway.NewContainer;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.cloudformation.exceptions.CfnInvalidRequestException;

/** Between the resource model and Azure's view of a container. */
public final class Translator {

    /**
     * Metadata key that records which CloudFormation request created a container, so that a Create invoked again with
     * the same client request token (after a lost response) recognises its own container. Hidden from the model. It
     * holds the token's SHA-256, not the token: container metadata can be public (PublicAccess: Container).
     */
    public static final String CREATED_BY_REQUEST_KEY = "cfn_client_request_token";
    /** What the key and its value take of Azure's metadata size limit. */
    private static final int CREATED_BY_REQUEST_BYTES = CREATED_BY_REQUEST_KEY.length() + 64;
    public static final String ACCOUNT_ENCRYPTION_KEY = "$account-encryption-key";
    private static final String PUBLIC_ACCESS_NONE = "None";

    private Translator() {
    }

    /** The cloud the model names, else the type configuration's, else the public cloud. */
    public static AzureCloud cloudOf(final ResourceModel model, final TypeConfigurationModel typeConfiguration) {
        final String named = model != null && model.getAzureCloud() != null ? model.getAzureCloud()
            : typeConfiguration != null ? typeConfiguration.getAzureCloud() : null;
        if (named == null) {
            return AzureCloud.DEFAULT;
        }
        return AzureCloud.fromSchemaName(named).orElseThrow(() -> new CfnInvalidRequestException(String.format(
            "AzureCloud '%s' is not supported: use one of %s.", SafeText.of(named), AzureCloud.schemaNames())));
    }

    /** The container a model points at: its ContainerUrl when set (Read/Update/Delete), otherwise its names. */
    public static ContainerAddress addressOf(final ResourceModel model, final TypeConfigurationModel typeConfiguration) {
        if (model == null) {
            throw new CfnInvalidRequestException("The request carries no resource model.");
        }
        if (model.getContainerUrl() != null) {
            final ContainerAddress address = addressFromUrl(model.getContainerUrl());
            requireSame("StorageAccountName", model.getStorageAccountName(), address.accountName(), address);
            requireSame("ContainerName", model.getContainerName(), address.containerName(), address);
            requireSame("AzureCloud", model.getAzureCloud(), address.cloud().schemaName(), address);
            return address;
        }
        if (model.getStorageAccountName() == null || model.getContainerName() == null) {
            throw new CfnInvalidRequestException(
                "Name the container with ContainerUrl, or with StorageAccountName and ContainerName.");
        }
        return address(model.getStorageAccountName(), model.getContainerName(), cloudOf(model, typeConfiguration));
    }

    /** The container of these names, each checked against Azure's rules with the rule spelled out. */
    public static ContainerAddress address(final String accountName, final String containerName,
                                           final AzureCloud cloud) {
        return new ContainerAddress(AzureNamingRules.requireAccountName(accountName),
            AzureNamingRules.requireContainerName(containerName), cloud);
    }

    /** Reads a primary identifier back; anything but a container URL of a known Azure cloud is refused. */
    public static ContainerAddress addressFromUrl(final String url) {
        return ContainerAddress.fromUrl(url).orElseThrow(() -> new CfnInvalidRequestException(String.format(
            "ContainerUrl '%s' is not an Azure container URL: expected https://{account}.blob.{%s}/{container}.",
            SafeText.of(url), "core.windows.net|core.chinacloudapi.cn|core.usgovcloudapi.net")));
    }

    private static void requireSame(final String property, final String given, final String inUrl,
                                    final ContainerAddress address) {
        if (given != null && !given.equals(inUrl)) {
            throw new CfnInvalidRequestException(String.format(
                "%s '%s' disagrees with ContainerUrl '%s'.", property, SafeText.of(given), address.url()));
        }
    }

    /** Checks the updatable and create-time settings of a model against Azure's rules. */
    public static void validateSettings(final ResourceModel model) {
        publicAccessType(model.getPublicAccess());
        AzureNamingRules.requireValidEncryptionScope(model.getDefaultEncryptionScope());
        AzureNamingRules.requireValidMetadata(model.getMetadata(), CREATED_BY_REQUEST_BYTES);
        if (model.getMetadata() != null && model.getMetadata().keySet().stream()
            .anyMatch(CREATED_BY_REQUEST_KEY::equalsIgnoreCase)) {
            throw new CfnInvalidRequestException(String.format(
                "Metadata key '%s' is reserved by this resource type; choose another name.", CREATED_BY_REQUEST_KEY));
        }
    }

    public static NewContainer toNewContainer(final String name, final ResourceModel model,
                                              final String clientRequestToken) {
        final Map<String, String> metadata = new TreeMap<>(desiredMetadata(model));
        metadata.put(CREATED_BY_REQUEST_KEY, createdByRequestValue(clientRequestToken));
        final String scope = model.getDefaultEncryptionScope();
        final boolean deny = Boolean.TRUE.equals(model.getDenyEncryptionScopeOverride());
        return new NewContainer(name, metadata, publicAccessType(model.getPublicAccess()),
            // Leave Azure's default alone unless the template asks for something else.
            scope == null && !deny ? null : scope == null ? ACCOUNT_ENCRYPTION_KEY : scope, deny);
    }

    /** The value of {@link #CREATED_BY_REQUEST_KEY} for a client request token. */
    public static String createdByRequestValue(final String clientRequestToken) {
        return Sha256.hex(clientRequestToken);
    }

    /** The metadata the template asks for: none means none, so dropping Metadata from a template clears it. */
    public static Map<String, String> desiredMetadata(final ResourceModel model) {
        return model.getMetadata() == null ? Map.of() : model.getMetadata();
    }

    /** The metadata a user sees: Azure's, without the key this type keeps for itself. */
    public static Map<String, String> userMetadata(final Map<String, String> azureMetadata) {
        final Map<String, String> metadata = new TreeMap<>();
        if (azureMetadata != null) {
            azureMetadata.forEach((key, value) -> {
                if (!CREATED_BY_REQUEST_KEY.equalsIgnoreCase(key)) {
                    metadata.put(key, value);
                }
            });
        }
        return metadata;
    }

    public static PublicAccessType publicAccessType(final String publicAccess) {
        if (publicAccess == null || PUBLIC_ACCESS_NONE.equals(publicAccess)) {
            return null;
        }
        if ("Blob".equals(publicAccess)) {
            return PublicAccessType.BLOB;
        }
        if ("Container".equals(publicAccess)) {
            return PublicAccessType.CONTAINER;
        }
        throw new CfnInvalidRequestException(String.format(
            "PublicAccess '%s' is not supported: use None, Blob or Container.", SafeText.of(publicAccess)));
    }

    public static String publicAccess(final PublicAccessType type) {
        if (PublicAccessType.BLOB.equals(type)) {
            return "Blob";
        }
        return PublicAccessType.CONTAINER.equals(type) ? "Container" : PUBLIC_ACCESS_NONE;
    }

    /** The model of a container as Azure describes it: every readable property set, write-only ones left out. */
    public static ResourceModel fromProperties(final ContainerAddress address, final BlobContainerProperties properties) {
        return model(address, properties.getBlobPublicAccess(), properties.getMetadata(),
            properties.getDefaultEncryptionScope(), properties.isEncryptionScopeOverridePrevented());
    }

    public static ResourceModel fromListItem(final String accountName, final AzureCloud cloud,
                                             final BlobContainerItem item) {
        final BlobContainerItemProperties properties = item.getProperties();
        return model(new ContainerAddress(accountName, item.getName(), cloud), properties.getPublicAccess(),
            item.getMetadata(), properties.getDefaultEncryptionScope(),
            properties.isEncryptionScopeOverridePrevented());
    }

    private static ResourceModel model(final ContainerAddress address, final PublicAccessType access,
                                       final Map<String, String> metadata, final String encryptionScope,
                                       final Boolean denyOverride) {
        return ResourceModel.builder()
            .containerUrl(address.url())
            .storageAccountName(address.accountName())
            .containerName(address.containerName())
            .azureCloud(address.cloud().schemaName())
            .publicAccess(publicAccess(access))
            .metadata(userMetadata(metadata))
            .defaultEncryptionScope(encryptionScope == null ? ACCOUNT_ENCRYPTION_KEY : encryptionScope)
            .denyEncryptionScopeOverride(Boolean.TRUE.equals(denyOverride))
            .build();
    }
}
