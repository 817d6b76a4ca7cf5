package io.cfnazure.blobstorage.account.model;

import com.azure.resourcemanager.storage.fluent.models.BlobServicePropertiesInner;
import com.azure.resourcemanager.storage.fluent.models.StorageAccountInner;
import com.azure.resourcemanager.storage.models.AccessTier;
import com.azure.resourcemanager.storage.models.Action;
import com.azure.resourcemanager.storage.models.Bypass;
import com.azure.resourcemanager.storage.models.ChangeFeed;
import com.azure.resourcemanager.storage.models.DefaultAction;
import com.azure.resourcemanager.storage.models.DeleteRetentionPolicy;
import com.azure.resourcemanager.storage.models.Encryption;
import com.azure.resourcemanager.storage.models.ImmutableStorageAccount;
import com.azure.resourcemanager.storage.models.IpRule;
import com.azure.resourcemanager.storage.models.KeySource;
import com.azure.resourcemanager.storage.models.Kind;
import com.azure.resourcemanager.storage.models.MinimumTlsVersion;
import com.azure.resourcemanager.storage.models.NetworkRuleSet;
import com.azure.resourcemanager.storage.models.PublicNetworkAccess;
import com.azure.resourcemanager.storage.models.Sku;
import com.azure.resourcemanager.storage.models.SkuName;
import com.azure.resourcemanager.storage.models.StorageAccountCreateParameters;
import com.azure.resourcemanager.storage.models.StorageAccountUpdateParameters;
import com.azure.resourcemanager.storage.models.VirtualNetworkRule;
import io.cfnazure.access.AzureCloud;
import io.cfnazure.access.calls.SafeText;
import io.cfnazure.blobstorage.container.arm.AccountId;
import io.cfnazure.blobstorage.container.model.AzureCredentials;
import io.cfnazure.cloudformation.Sha256;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import software.amazon.cloudformation.exceptions.CfnInvalidRequestException;

/**
 * Between the resource model and Azure Resource Manager's view of an account. Properties the template leaves out take
 * the schema's defaults, which are the hardened settings: TLS 1.2, no anonymous access, no shared keys, versioning and
 * soft delete on. HTTPS only is not a property: every account this type makes or changes requires it.
 */
public final class Translator {

    /**
     * Tag that records which CloudFormation request created an account, so that a Create invoked again with the same
     * client request token (after a lost response) recognises its own account. Hidden from the model. It holds the
     * token's SHA-256, not the token: an account's tags are visible to anyone who may read the account.
     */
    public static final String CREATED_BY_REQUEST_TAG = "cfn-client-request-token";
    /** Tag on a resource group Create made, naming the account it was made for: Delete removes only such a group. */
    public static final String CREATED_FOR_ACCOUNT_TAG = "cfn-created-for-account";

    static final String DEFAULT_SKU = "Standard_LRS";
    static final String KIND = "StorageV2";
    static final String DEFAULT_ACCESS_TIER = "Hot";
    static final String DEFAULT_MINIMUM_TLS_VERSION = "TLS1_2";
    static final String DEFAULT_PUBLIC_NETWORK_ACCESS = "Enabled";
    static final int DEFAULT_RETENTION_DAYS = 7;
    private static final String DEFAULT_NETWORK_ACTION = "Allow";
    private static final List<String> DEFAULT_BYPASS = List.of("AzureServices");
    /** Azure's own limit; the type keeps one tag for itself. */
    private static final int MAX_USER_TAGS = 49;

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

    /** The sign-in settings the resource gives (each may be null: the type configuration's then apply). */
    public static AzureCredentials credentialsOf(final ResourceModel model) {
        return AzureCredentials.builder()
            .tenantId(model.getAzureTenantId())
            .clientId(model.getAzureClientId())
            .clientSecretName(model.getAzureClientSecretName())
            .authentication(model.getAzureAuthentication())
            .webIdentityAudience(model.getAzureWebIdentityAudience())
            .build();
    }

    /** The account a model points at: its Id when set (Read, Update, Delete), otherwise its names. */
    public static AccountId idOf(final ResourceModel model) {
        if (model == null) {
            throw new CfnInvalidRequestException("The request carries no resource model.");
        }
        if (model.getId() != null) {
            final AccountId id = AccountId.parse("Id", model.getId());
            requireSame("SubscriptionId", model.getSubscriptionId(), id.subscriptionId(), id);
            requireSame("ResourceGroupName", model.getResourceGroupName(), id.resourceGroup(), id);
            requireSame("AccountName", model.getAccountName(), id.accountName(), id);
            return id;
        }
        if (model.getSubscriptionId() == null || model.getResourceGroupName() == null
            || model.getAccountName() == null) {
            throw new CfnInvalidRequestException(
                "Name the account with Id, or with SubscriptionId, ResourceGroupName and AccountName.");
        }
        return new AccountId(model.getSubscriptionId(), model.getResourceGroupName(), model.getAccountName());
    }

    private static void requireSame(final String property, final String given, final String inId, final AccountId id) {
        if (given != null && !given.equalsIgnoreCase(inId)) {
            throw new CfnInvalidRequestException(String.format("%s '%s' disagrees with Id '%s'.", property,
                SafeText.of(given), id));
        }
    }

    /** Rules that join properties, which the schema cannot say. */
    public static void validateSettings(final ResourceModel model) {
        if (model.getKind() != null && !KIND.equals(model.getKind())) {
            throw new CfnInvalidRequestException(String.format("Kind '%s' is not supported: this type makes %s "
                + "accounts only.", SafeText.of(model.getKind()), KIND));
        }
        if (Boolean.TRUE.equals(model.getVersionLevelImmutability()) && Boolean.FALSE.equals(model.getBlobVersioning())) {
            throw new CfnInvalidRequestException("VersionLevelImmutability needs BlobVersioning: leave BlobVersioning "
                + "out or set it to true.");
        }
        if (model.getAccessTier() != null && isPremium(model.getSku())) {
            throw new CfnInvalidRequestException(String.format("Sku %s has no access tiers: leave AccessTier out.",
                model.getSku()));
        }
        final Map<String, String> tags = model.getTags() == null ? Map.of() : model.getTags();
        if (tags.keySet().stream().anyMatch(key -> CREATED_BY_REQUEST_TAG.equalsIgnoreCase(key))) {
            throw new CfnInvalidRequestException(String.format(
                "Tag '%s' is reserved by this resource type; choose another name.", CREATED_BY_REQUEST_TAG));
        }
        if (tags.size() > MAX_USER_TAGS) {
            throw new CfnInvalidRequestException(String.format("Tags holds %d tags; Azure allows 50 per account, of "
                + "which this type keeps one for itself.", tags.size()));
        }
    }

    /**
     * The model with the schema's default for every setting it leaves out: what Read returns for an account made
     * from it, and what the handlers send Azure.
     */
    public static ResourceModel withDefaults(final ResourceModel model) {
        final String sku = model.getSku() == null ? DEFAULT_SKU : model.getSku();
        final NetworkRules rules = model.getNetworkRules() == null ? new NetworkRules() : model.getNetworkRules();
        return model.toBuilder()
            .sku(sku)
            .kind(KIND)
            .accessTier(isPremium(sku) ? null : or(model.getAccessTier(), DEFAULT_ACCESS_TIER))
            .minimumTlsVersion(or(model.getMinimumTlsVersion(), DEFAULT_MINIMUM_TLS_VERSION))
            .allowBlobPublicAccess(or(model.getAllowBlobPublicAccess(), false))
            .allowSharedKeyAccess(or(model.getAllowSharedKeyAccess(), false))
            .publicNetworkAccess(or(model.getPublicNetworkAccess(), DEFAULT_PUBLIC_NETWORK_ACCESS))
            .networkRules(NetworkRules.builder()
                .defaultAction(or(rules.getDefaultAction(), DEFAULT_NETWORK_ACTION))
                .bypass(sorted(or(rules.getBypass(), DEFAULT_BYPASS)))
                .ipRules(sorted(rules.getIpRules()))
                .virtualNetworkRules(sorted(rules.getVirtualNetworkRules()))
                .build())
            .requireInfrastructureEncryption(or(model.getRequireInfrastructureEncryption(), false))
            .blobVersioning(or(model.getBlobVersioning(), true))
            .changeFeed(or(model.getChangeFeed(), false))
            .blobSoftDeleteRetentionDays(or(model.getBlobSoftDeleteRetentionDays(), DEFAULT_RETENTION_DAYS))
            .containerSoftDeleteRetentionDays(or(model.getContainerSoftDeleteRetentionDays(), DEFAULT_RETENTION_DAYS))
            .versionLevelImmutability(or(model.getVersionLevelImmutability(), false))
            .tags(new TreeMap<>(or(model.getTags(), Map.of())))
            .build();
    }

    public static StorageAccountCreateParameters toCreateParameters(final ResourceModel model, final String location,
                                                                    final String clientRequestToken) {
        final ResourceModel settings = withDefaults(model);
        return new StorageAccountCreateParameters()
            .withSku(new Sku().withName(SkuName.fromString(settings.getSku())))
            .withKind(Kind.STORAGE_V2)
            .withLocation(location)
            .withTags(azureTags(settings, Map.of(CREATED_BY_REQUEST_TAG, createdByRequestValue(clientRequestToken))))
            .withAccessTier(settings.getAccessTier() == null ? null : AccessTier.fromString(settings.getAccessTier()))
            .withMinimumTlsVersion(MinimumTlsVersion.fromString(settings.getMinimumTlsVersion()))
            .withAllowBlobPublicAccess(settings.getAllowBlobPublicAccess())
            .withAllowSharedKeyAccess(settings.getAllowSharedKeyAccess())
            .withPublicNetworkAccess(PublicNetworkAccess.fromString(settings.getPublicNetworkAccess()))
            .withNetworkRuleSet(networkRuleSet(settings.getNetworkRules()))
            .withEnableHttpsTrafficOnly(true)
            // Copies to accounts of other tenants would leave the organisation's control.
            .withAllowCrossTenantReplication(false)
            .withEncryption(new Encryption().withKeySource(KeySource.MICROSOFT_STORAGE)
                .withRequireInfrastructureEncryption(settings.getRequireInfrastructureEncryption()))
            .withImmutableStorageWithVersioning(settings.getVersionLevelImmutability()
                ? new ImmutableStorageAccount().withEnabled(true) : null);
    }

    /**
     * The updatable settings the model asks for, with the tags Azure has that are not the user's (the type's own)
     * kept: a PATCH replaces the whole set of tags.
     */
    public static StorageAccountUpdateParameters toUpdateParameters(final ResourceModel model,
                                                                    final Map<String, String> currentTags) {
        final ResourceModel settings = withDefaults(model);
        final Map<String, String> kept = new TreeMap<>(or(currentTags, Map.of()));
        kept.keySet().removeIf(key -> !CREATED_BY_REQUEST_TAG.equalsIgnoreCase(key));
        return new StorageAccountUpdateParameters()
            .withSku(new Sku().withName(SkuName.fromString(settings.getSku())))
            .withTags(azureTags(settings, kept))
            .withAccessTier(settings.getAccessTier() == null ? null : AccessTier.fromString(settings.getAccessTier()))
            .withMinimumTlsVersion(MinimumTlsVersion.fromString(settings.getMinimumTlsVersion()))
            .withAllowBlobPublicAccess(settings.getAllowBlobPublicAccess())
            .withAllowSharedKeyAccess(settings.getAllowSharedKeyAccess())
            .withPublicNetworkAccess(PublicNetworkAccess.fromString(settings.getPublicNetworkAccess()))
            .withNetworkRuleSet(networkRuleSet(settings.getNetworkRules()))
            .withEnableHttpsTrafficOnly(true)
            .withAllowCrossTenantReplication(false);
    }

    /** Blob versioning, change feed and the two soft-delete retentions the model asks for. */
    public static BlobServicePropertiesInner toBlobService(final ResourceModel model) {
        final ResourceModel settings = withDefaults(model);
        return new BlobServicePropertiesInner()
            .withIsVersioningEnabled(settings.getBlobVersioning())
            .withChangeFeed(new ChangeFeed().withEnabled(settings.getChangeFeed()))
            .withDeleteRetentionPolicy(retention(settings.getBlobSoftDeleteRetentionDays()))
            .withContainerDeleteRetentionPolicy(retention(settings.getContainerSoftDeleteRetentionDays()));
    }

    /** The value of {@link #CREATED_BY_REQUEST_TAG} for a client request token. */
    public static String createdByRequestValue(final String clientRequestToken) {
        return Sha256.hex(clientRequestToken);
    }

    /** Whether the request with this token created the account (its tag says so). */
    public static boolean createdBy(final StorageAccountInner account, final String clientRequestToken) {
        return clientRequestToken != null && account.tags() != null && account.tags().entrySet().stream()
            .anyMatch(tag -> CREATED_BY_REQUEST_TAG.equalsIgnoreCase(tag.getKey())
                && createdByRequestValue(clientRequestToken).equals(tag.getValue()));
    }

    /**
     * The model of an account as Azure describes it: every readable property set, write-only ones left out. The
     * identifying properties come from {@code id}, the identifier CloudFormation knows, rather than from Azure's
     * spelling of it. Without the blob service's properties (List), its four properties are left out.
     */
    public static ResourceModel fromAccount(final AccountId id, final AzureCloud cloud,
                                            final StorageAccountInner account,
                                            final BlobServicePropertiesInner blobService) {
        final ResourceModel.ResourceModelBuilder model = ResourceModel.builder()
            .id(id.value())
            .subscriptionId(id.subscriptionId())
            .resourceGroupName(id.resourceGroup())
            .accountName(id.accountName())
            .azureCloud(cloud.schemaName())
            .location(account.location())
            .sku(account.sku() == null ? null : account.sku().name().toString())
            .kind(account.kind() == null ? null : account.kind().toString())
            .accessTier(account.accessTier() == null || AccessTier.PREMIUM.equals(account.accessTier()) ? null
                : account.accessTier().toString())
            // Azure's defaults where it returns nothing: TLS 1.0 (older API versions), shared keys allowed.
            .minimumTlsVersion(account.minimumTlsVersion() == null ? "TLS1_0" : account.minimumTlsVersion().toString())
            .allowBlobPublicAccess(Boolean.TRUE.equals(account.allowBlobPublicAccess()))
            .allowSharedKeyAccess(!Boolean.FALSE.equals(account.allowSharedKeyAccess()))
            .publicNetworkAccess(account.publicNetworkAccess() == null ? DEFAULT_PUBLIC_NETWORK_ACCESS
                : account.publicNetworkAccess().toString())
            .networkRules(networkRules(account.networkRuleSet()))
            .requireInfrastructureEncryption(account.encryption() != null
                && Boolean.TRUE.equals(account.encryption().requireInfrastructureEncryption()))
            .versionLevelImmutability(account.immutableStorageWithVersioning() != null
                && Boolean.TRUE.equals(account.immutableStorageWithVersioning().enabled()))
            .tags(userTags(account.tags()))
            .blobEndpoint(account.primaryEndpoints() == null ? null : account.primaryEndpoints().blob())
            .primaryLocation(account.primaryLocation())
            .secondaryLocation(account.secondaryLocation() == null ? "" : account.secondaryLocation());
        if (blobService != null) {
            model.blobVersioning(Boolean.TRUE.equals(blobService.isVersioningEnabled()))
                .changeFeed(blobService.changeFeed() != null && Boolean.TRUE.equals(blobService.changeFeed().enabled()))
                .blobSoftDeleteRetentionDays(days(blobService.deleteRetentionPolicy()))
                .containerSoftDeleteRetentionDays(days(blobService.containerDeleteRetentionPolicy()));
        }
        return model.build();
    }

    /** The tags a user sees: Azure's, without the one this type keeps for itself. */
    public static Map<String, String> userTags(final Map<String, String> azureTags) {
        final Map<String, String> tags = new TreeMap<>();
        if (azureTags != null) {
            azureTags.forEach((key, value) -> {
                if (!CREATED_BY_REQUEST_TAG.equalsIgnoreCase(key)) {
                    tags.put(key, value);
                }
            });
        }
        return tags;
    }

    private static Map<String, String> azureTags(final ResourceModel settings, final Map<String, String> typeTags) {
        final Map<String, String> tags = new TreeMap<>(settings.getTags());
        tags.putAll(typeTags);
        return tags;
    }

    private static boolean isPremium(final String sku) {
        return sku != null && sku.startsWith("Premium_");
    }

    /** From rules with their defaults filled in ({@link #withDefaults}). */
    private static NetworkRuleSet networkRuleSet(final NetworkRules rules) {
        return new NetworkRuleSet()
            .withDefaultAction(DefaultAction.fromString(rules.getDefaultAction()))
            .withBypass(Bypass.fromString(rules.getBypass().isEmpty() ? "None" : String.join(", ", rules.getBypass())))
            .withIpRules(rules.getIpRules().stream()
                .map(address -> new IpRule().withIpAddressOrRange(address).withAction(Action.ALLOW)).toList())
            .withVirtualNetworkRules(rules.getVirtualNetworkRules().stream()
                .map(subnet -> new VirtualNetworkRule().withVirtualNetworkResourceId(subnet).withAction(Action.ALLOW))
                .toList());
    }

    private static NetworkRules networkRules(final NetworkRuleSet rules) {
        if (rules == null) {
            return NetworkRules.builder().defaultAction(DEFAULT_NETWORK_ACTION).bypass(DEFAULT_BYPASS)
                .ipRules(List.of()).virtualNetworkRules(List.of()).build();
        }
        final String bypass = rules.bypass() == null ? "None" : rules.bypass().toString();
        return NetworkRules.builder()
            .defaultAction(rules.defaultAction() == null ? DEFAULT_NETWORK_ACTION : rules.defaultAction().toString())
            .bypass("None".equals(bypass) ? List.of()
                : sorted(Arrays.stream(bypass.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList()))
            .ipRules(sorted(listOf(rules.ipRules()).stream().map(IpRule::ipAddressOrRange).toList()))
            .virtualNetworkRules(sorted(listOf(rules.virtualNetworkRules()).stream()
                .map(VirtualNetworkRule::virtualNetworkResourceId).toList()))
            .build();
    }

    private static DeleteRetentionPolicy retention(final int days) {
        return days == 0 ? new DeleteRetentionPolicy().withEnabled(false)
            : new DeleteRetentionPolicy().withEnabled(true).withDays(days);
    }

    private static int days(final DeleteRetentionPolicy policy) {
        return policy == null || !Boolean.TRUE.equals(policy.enabled()) || policy.days() == null ? 0 : policy.days();
    }

    private static <T> List<T> listOf(final List<T> list) {
        return list == null ? List.of() : list;
    }

    private static List<String> sorted(final List<String> list) {
        return listOf(list).stream().sorted().toList();
    }

    private static <T> T or(final T value, final T otherwise) {
        return Objects.requireNonNullElse(value, otherwise);
    }
}
