package io.cfnazure.blobstorage.container.model;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import lombok.AllArgsConstructor;
import lombok.Builder;
import lombok.Data;
import lombok.NoArgsConstructor;

/**
 * The resource's properties, as the schema azure-blobstorage-container.json declares them.
 * Kept by hand (the build does not need {@code cfn generate}); SchemaModelDriftTest fails when it and the schema differ.
 */
@Data
@Builder(toBuilder = true)
@AllArgsConstructor
@NoArgsConstructor
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
public class ResourceModel {
    @JsonIgnore
    public static final String TYPE_NAME = "Azure::BlobStorage::Container";

    @JsonProperty("StorageAccountName")
    private String storageAccountName;

    @JsonProperty("StorageAccountId")
    private String storageAccountId;

    @JsonProperty("Jurisdiction")
    private String jurisdiction;

    @JsonProperty("ContainerName")
    private String containerName;

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

    @JsonProperty("PublicAccess")
    private String publicAccess;

    @JsonProperty("Metadata")
    private Map<String, String> metadata;

    @JsonProperty("DefaultEncryptionScope")
    private String defaultEncryptionScope;

    @JsonProperty("DenyEncryptionScopeOverride")
    private Boolean denyEncryptionScopeOverride;

    @JsonProperty("ImmutabilityPolicy")
    private ImmutabilityPolicy immutabilityPolicy;

    @JsonProperty("LegalHoldTags")
    private List<String> legalHoldTags;

    @JsonProperty("VersionLevelImmutability")
    private Boolean versionLevelImmutability;

    @JsonProperty("AutoDeleteBlobs")
    private Boolean autoDeleteBlobs;

    @JsonProperty("ContainerUrl")
    private String containerUrl;
}
