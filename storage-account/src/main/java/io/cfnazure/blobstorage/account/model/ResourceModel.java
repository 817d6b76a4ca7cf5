package io.cfnazure.blobstorage.account.model;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import lombok.AllArgsConstructor;
import lombok.Builder;
import lombok.Data;
import lombok.NoArgsConstructor;

/**
 * The resource's properties, as the schema azure-blobstorage-account.json declares them.
 * Kept by hand (the build does not need {@code cfn generate}); SchemaModelDriftTest fails when it and the schema differ.
 */
@Data
@Builder(toBuilder = true)
@AllArgsConstructor
@NoArgsConstructor
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
public class ResourceModel {
    @JsonIgnore
    public static final String TYPE_NAME = "Azure::BlobStorage::Account";

    @JsonProperty("SubscriptionId")
    private String subscriptionId;

    @JsonProperty("ResourceGroupName")
    private String resourceGroupName;

    @JsonProperty("CreateResourceGroup")
    private Boolean createResourceGroup;

    @JsonProperty("Location")
    private String location;

    @JsonProperty("Jurisdiction")
    private String jurisdiction;

    @JsonProperty("AccountName")
    private String accountName;

    @JsonProperty("Sku")
    private String sku;

    @JsonProperty("Kind")
    private String kind;

    @JsonProperty("AccessTier")
    private String accessTier;

    @JsonProperty("MinimumTlsVersion")
    private String minimumTlsVersion;

    @JsonProperty("AllowBlobPublicAccess")
    private Boolean allowBlobPublicAccess;

    @JsonProperty("AllowSharedKeyAccess")
    private Boolean allowSharedKeyAccess;

    @JsonProperty("PublicNetworkAccess")
    private String publicNetworkAccess;

    @JsonProperty("NetworkRules")
    private NetworkRules networkRules;

    @JsonProperty("RequireInfrastructureEncryption")
    private Boolean requireInfrastructureEncryption;

    @JsonProperty("BlobVersioning")
    private Boolean blobVersioning;

    @JsonProperty("ChangeFeed")
    private Boolean changeFeed;

    @JsonProperty("BlobSoftDeleteRetentionDays")
    private Integer blobSoftDeleteRetentionDays;

    @JsonProperty("ContainerSoftDeleteRetentionDays")
    private Integer containerSoftDeleteRetentionDays;

    @JsonProperty("VersionLevelImmutability")
    private Boolean versionLevelImmutability;

    @JsonProperty("Tags")
    private Map<String, String> tags;

    @JsonProperty("AutoDeleteBlobs")
    private Boolean autoDeleteBlobs;

    @JsonProperty("AzureCloud")
    private String azureCloud;

    @JsonProperty("AzureTenantId")
    private String azureTenantId;

    @JsonProperty("AzureClientId")
    private String azureClientId;

    @JsonProperty("AzureClientSecretName")
    private String azureClientSecretName;

    @JsonProperty("AzureAuthentication")
    private String azureAuthentication;

    @JsonProperty("AzureWebIdentityAudience")
    private String azureWebIdentityAudience;

    @JsonProperty("Id")
    private String id;

    @JsonProperty("BlobEndpoint")
    private String blobEndpoint;

    @JsonProperty("PrimaryLocation")
    private String primaryLocation;

    @JsonProperty("SecondaryLocation")
    private String secondaryLocation;
}
