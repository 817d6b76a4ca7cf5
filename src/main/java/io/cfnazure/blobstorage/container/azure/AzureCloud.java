package io.cfnazure.blobstorage.container.azure;

import com.azure.identity.AzureAuthorityHosts;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The Azure clouds a container can live in: each has its own blob endpoint suffix and Entra ID authority. */
public enum AzureCloud {
    AZURE_PUBLIC_CLOUD("AzurePublicCloud", "core.windows.net", AzureAuthorityHosts.AZURE_PUBLIC_CLOUD),
    AZURE_CHINA_CLOUD("AzureChinaCloud", "core.chinacloudapi.cn", AzureAuthorityHosts.AZURE_CHINA),
    AZURE_US_GOVERNMENT("AzureUSGovernment", "core.usgovcloudapi.net", AzureAuthorityHosts.AZURE_GOVERNMENT);

    public static final AzureCloud DEFAULT = AZURE_PUBLIC_CLOUD;

    private final String schemaName;
    private final String endpointSuffix;
    private final String authorityHost;

    AzureCloud(final String schemaName, final String endpointSuffix, final String authorityHost) {
        this.schemaName = schemaName;
        this.endpointSuffix = endpointSuffix;
        this.authorityHost = authorityHost;
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

    /**
     * The audience of tokens for the account. The public cloud's {@code https://storage.azure.com/} is the documented
     * one there; the account's own endpoint is an audience every cloud accepts.
     */
    public String storageAudience(final String accountName) {
        return this == AZURE_PUBLIC_CLOUD ? "https://storage.azure.com/" : "https://" + blobHost(accountName) + "/";
    }

    public static Optional<AzureCloud> fromSchemaName(final String name) {
        return Arrays.stream(values()).filter(c -> c.schemaName.equals(name)).findFirst();
    }

    static Optional<AzureCloud> fromBlobHostSuffix(final String hostSuffix) {
        return Arrays.stream(values()).filter(c -> c.endpointSuffix.equals(hostSuffix)).findFirst();
    }

    public static String schemaNames() {
        return Arrays.stream(values()).map(AzureCloud::schemaName).collect(Collectors.joining(", "));
    }
}
