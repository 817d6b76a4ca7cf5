package io.cfnazure.blobstorage.container.azure;

/**
 * Everything needed to reach one storage account as one Entra ID app, for one AWS account. The AWS account is part
 * of the identity so that a warm handler never serves one AWS account's request with a client built for another.
 */
public record AzureAccess(
    String awsAccountId, AzureCloud cloud, String storageAccountName, String tenantId, String clientId,
    String clientSecret) {

    public AzureAccess {
        AzureNamingRules.requireAccountName(storageAccountName);
    }

    @Override
    public String toString() {
        // Never print the client secret.
        return "AzureAccess[" + awsAccountId + ", " + cloud.schemaName() + ", " + storageAccountName + ", tenant "
            + tenantId + ", client " + clientId + "]";
    }
}
