package io.cfnazure.blobstorage.container.model;

import com.azure.storage.blob.models.PublicAccessType;
import io.cfnazure.access.AzureCloud;
import io.cfnazure.access.ContainerAddress;
import io.cfnazure.access.calls.SafeText;
import io.cfnazure.blobstorage.container.arm.AccountId;
import io.cfnazure.blobstorage.container.azure.AzureNamingRules;
import io.cfnazure.blobstorage.container.azure.ContainerGateway.NewContainer;
import io.cfnazure.blobstorage.container.azure.ContainerView;
import io.cfnazure.cloudformation.Sha256;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
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
    private static final String STORAGE_ACCOUNT_ID = "StorageAccountId";
    /** Azure's range for a time-based retention policy. */
    private static final int MAX_RETENTION_DAYS = 146_000;
    /** Azure's legal hold tags, as it keeps them (it lowercases what it is given), and how many a container takes. */
    private static final Pattern LEGAL_HOLD_TAG = Pattern.compile("[a-z0-9]{3,23}");
    private static final int MAX_LEGAL_HOLD_TAGS = 10;

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

    /**
     * The container a model points at: its ContainerUrl when set (Read/Update/Delete), otherwise its names, the
     * account named by StorageAccountName or StorageAccountId.
     */
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
        if (model.getContainerName() == null) {
            throw new CfnInvalidRequestException("Name the container with ContainerUrl, or with StorageAccountName "
                + "(or StorageAccountId) and ContainerName.");
        }
        return address(accountNameOf(model), model.getContainerName(), cloudOf(model, typeConfiguration));
    }

    /** The name of the storage account the model names, by StorageAccountName, StorageAccountId or both. */
    public static String accountNameOf(final ResourceModel model) {
        if (model.getStorageAccountId() == null) {
            if (model.getStorageAccountName() == null) {
                throw new CfnInvalidRequestException("Name the storage account that holds the container: "
                    + "StorageAccountName (managed through its blob service) or StorageAccountId (through Azure "
                    + "Resource Manager).");
            }
            return model.getStorageAccountName();
        }
        final String named = AccountId.parse(STORAGE_ACCOUNT_ID, model.getStorageAccountId()).accountName();
        if (model.getStorageAccountName() != null && !model.getStorageAccountName().equals(named)) {
            throw new CfnInvalidRequestException(String.format("StorageAccountName '%s' and StorageAccountId (account "
                + "'%s') name different storage accounts: give one of them, or both for the same account.",
                SafeText.of(model.getStorageAccountName()), named));
        }
        return named;
    }

    /**
     * The Azure Resource Manager ID of the account the model names by StorageAccountId, checked against the name of
     * the account the request is about; null when it names none (the container is then managed through the blob
     * service).
     */
    public static AccountId accountIdOf(final ResourceModel model, final String accountName) {
        if (model.getStorageAccountId() == null) {
            return null;
        }
        final AccountId id = AccountId.parse(STORAGE_ACCOUNT_ID, model.getStorageAccountId());
        if (!id.accountName().equals(accountName)) {
            throw new CfnInvalidRequestException(String.format("StorageAccountId names storage account '%s', and the "
                + "container is in '%s'.", id.accountName(), accountName));
        }
        return id;
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

    /**
     * Checks the updatable and create-time settings of a model against Azure's rules, and that what only Azure
     * Resource Manager offers comes with StorageAccountId ({@code managed}).
     */
    public static void validateSettings(final ResourceModel model, final boolean managed) {
        requireManagedFor(model, managed);
        validateImmutability(model);
        publicAccessType(model.getPublicAccess());
        AzureNamingRules.requireValidEncryptionScope(model.getDefaultEncryptionScope());
        AzureNamingRules.requireValidMetadata(model.getMetadata(), CREATED_BY_REQUEST_BYTES);
        if (model.getMetadata() != null && model.getMetadata().keySet().stream()
            .anyMatch(CREATED_BY_REQUEST_KEY::equalsIgnoreCase)) {
            throw new CfnInvalidRequestException(String.format(
                "Metadata key '%s' is reserved by this resource type; choose another name.", CREATED_BY_REQUEST_KEY));
        }
    }

    private static void requireManagedFor(final ResourceModel model, final boolean managed) {
        if (managed) {
            return;
        }
        final List<String> managementOnly = new java.util.ArrayList<>();
        if (model.getImmutabilityPolicy() != null) {
            managementOnly.add("ImmutabilityPolicy");
        }
        if (model.getLegalHoldTags() != null) {
            managementOnly.add("LegalHoldTags");
        }
        if (model.getVersionLevelImmutability() != null) {
            managementOnly.add("VersionLevelImmutability");
        }
        if (model.getJurisdiction() != null) {
            managementOnly.add("Jurisdiction");
        }
        if (!managementOnly.isEmpty()) {
            throw new CfnInvalidRequestException(String.format("%s %s StorageAccountId: Azure offers immutability and "
                + "the account's locations through Azure Resource Manager only, not through the blob service that "
                + "StorageAccountName alone uses. Set StorageAccountId to the account's resource ID.",
                String.join(", ", managementOnly), managementOnly.size() == 1 ? "needs" : "need"));
        }
    }

    private static void validateImmutability(final ResourceModel model) {
        final ImmutabilityPolicy policy = model.getImmutabilityPolicy();
        if (policy != null && (policy.getRetentionDays() == null || policy.getRetentionDays() < 1
            || policy.getRetentionDays() > MAX_RETENTION_DAYS)) {
            throw new CfnInvalidRequestException(String.format("ImmutabilityPolicy.RetentionDays must be between 1 "
                + "and %d days.", MAX_RETENTION_DAYS));
        }
        final List<String> tags = model.getLegalHoldTags();
        if (tags == null) {
            return;
        }
        if (tags.isEmpty() || tags.size() > MAX_LEGAL_HOLD_TAGS || tags.stream().distinct().count() < tags.size()) {
            throw new CfnInvalidRequestException(String.format("LegalHoldTags takes 1-%d distinct tags; leave it out "
                + "for no legal hold.", MAX_LEGAL_HOLD_TAGS));
        }
        for (final String tag : tags) {
            if (tag == null || !LEGAL_HOLD_TAG.matcher(tag).matches()) {
                throw new CfnInvalidRequestException(String.format("Legal hold tag '%s' is not valid: use 3-23 "
                    + "lowercase letters and digits.", SafeText.of(tag)));
            }
        }
        if (Boolean.TRUE.equals(model.getVersionLevelImmutability())) {
            throw new CfnInvalidRequestException("LegalHoldTags cannot go with VersionLevelImmutability: Azure then "
                + "takes legal holds on blob versions only, not on the container.");
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
            scope == null && !deny ? null : scope == null ? ACCOUNT_ENCRYPTION_KEY : scope, deny,
            model.getVersionLevelImmutability());
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

    /**
     * The model of a container as Azure describes it: every readable property set, write-only ones left out; with
     * StorageAccountId ({@code account} not null), what Azure Resource Manager tells of its immutability too.
     */
    public static ResourceModel fromView(final ContainerAddress address, final AccountId account,
                                         final ContainerView view) {
        final ResourceModel.ResourceModelBuilder model = settingsOf(address, view)
            .metadata(userMetadata(view.metadata()));
        if (account != null) {
            final ContainerView.Protection protection = view.protection();
            final ContainerView.RetentionPolicy policy = protection.retentionPolicy();
            model.storageAccountId(account.value())
                .immutabilityPolicy(policy == null ? null : ImmutabilityPolicy.builder()
                    .retentionDays(policy.days())
                    .allowProtectedAppendWrites(policy.allowProtectedAppendWrites())
                    .locked(policy.locked())
                    .build())
                .legalHoldTags(protection.legalHoldTags().isEmpty() ? null : protection.legalHoldTags())
                .versionLevelImmutability(protection.versionLevelImmutability());
        }
        return model.build();
    }

    /**
     * A container as Azure Resource Manager lists it: what the list tells, without metadata, retention policy and
     * legal holds, which only a Read of the container returns.
     */
    public static ResourceModel fromManagementListing(final ContainerAddress address, final AccountId account,
                                                      final ContainerView view) {
        return settingsOf(address, view)
            .storageAccountId(account.value())
            .versionLevelImmutability(view.protection().versionLevelImmutability())
            .build();
    }

    private static ResourceModel.ResourceModelBuilder settingsOf(final ContainerAddress address,
                                                                 final ContainerView view) {
        return ResourceModel.builder()
            .containerUrl(address.url())
            .storageAccountName(address.accountName())
            .containerName(address.containerName())
            .azureCloud(address.cloud().schemaName())
            .publicAccess(publicAccess(view.publicAccess()))
            .defaultEncryptionScope(view.defaultEncryptionScope() == null ? ACCOUNT_ENCRYPTION_KEY
                : view.defaultEncryptionScope())
            .denyEncryptionScopeOverride(Boolean.TRUE.equals(view.denyEncryptionScopeOverride()));
    }
}
