package io.cfnazure.access;

import com.azure.identity.AzureAuthorityHosts;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Azure clouds: each has its own blob endpoint suffix, Entra ID authority and Azure Resource Manager, and so its
 * own token scope per plane (the data plane of Blob Storage, the management plane of Resource Manager).
 */
public enum AzureCloud {
    AZURE_PUBLIC_CLOUD("AzurePublicCloud", "core.windows.net", AzureAuthorityHosts.AZURE_PUBLIC_CLOUD,
        "https://management.azure.com/"),
    AZURE_CHINA_CLOUD("AzureChinaCloud", "core.chinacloudapi.cn", AzureAuthorityHosts.AZURE_CHINA,
        "https://management.chinacloudapi.cn/"),
    AZURE_US_GOVERNMENT("AzureUSGovernment", "core.usgovcloudapi.net", AzureAuthorityHosts.AZURE_GOVERNMENT,
        "https://management.usgovcloudapi.net/");

    public static final AzureCloud DEFAULT = AZURE_PUBLIC_CLOUD;

    private final String schemaName;
    private final String endpointSuffix;
    private final String authorityHost;
    private final String resourceManager;

    AzureCloud(final String schemaName, final String endpointSuffix, final String authorityHost,
               final String resourceManager) {
        this.schemaName = schemaName;
        this.endpointSuffix = endpointSuffix;
        this.authorityHost = authorityHost;
        this.resourceManager = resourceManager;
    }

    /** The value of the AzureCloud property. */
    public String schemaName() {
        return schemaName;
    }

    public String endpointSuffix() {
        return endpointSuffix;
    }

    public String authorityHost() {
        return authorityHost;
    }

    /** The blob host of an account, e.g. {@code mystorage.blob.core.windows.net}. */
    public String blobHost(final String accountName) {
        return accountName + ".blob." + endpointSuffix;
    }

    /** Where requests for the account's blobs go: its blob endpoint, or the test-only one ({@link TestEndpoints}). */
    public String blobEndpoint(final String accountName) {
        return TestEndpoints.blobEndpoint(accountName).orElse("https://" + blobHost(accountName));
    }

    /**
     * The audience of tokens for the account. The public cloud's {@code https://storage.azure.com/} is the documented
     * one there; the account's own endpoint is an audience every cloud accepts.
     */
    public String storageAudience(final String accountName) {
        return this == AZURE_PUBLIC_CLOUD ? "https://storage.azure.com/" : "https://" + blobHost(accountName) + "/";
    }

    /** The OAuth scope of tokens for the account's blob service (the data plane). */
    public String storageScope(final String accountName) {
        return storageAudience(accountName) + ".default";
    }

    /**
     * The OAuth scope of tokens for Azure Resource Manager (the management plane), e.g.
     * {@code https://management.azure.com/.default}: the cloud's Resource Manager endpoint, which is also its audience.
     */
    public String managementScope() {
        return resourceManager + ".default";
    }

    public static Optional<AzureCloud> fromSchemaName(final String name) {
        return Arrays.stream(values()).filter(c -> c.schemaName.equals(name)).findFirst();
    }

    public static Optional<AzureCloud> fromBlobHostSuffix(final String hostSuffix) {
        return Arrays.stream(values()).filter(c -> c.endpointSuffix.equals(hostSuffix)).findFirst();
    }

    public static String schemaNames() {
        return Arrays.stream(values()).map(AzureCloud::schemaName).collect(Collectors.joining(", "));
    }
}
