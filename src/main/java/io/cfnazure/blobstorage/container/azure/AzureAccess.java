package io.cfnazure.blobstorage.container.azure;

import io.cfnazure.access.AzureCloud;

/**
 * One storage account as one Entra ID app sees it, for one AWS account. The AWS account is part of the identity so
 * that a warm handler never serves one AWS account's request with a client built for another.
 */
public record AzureAccess(String awsAccountId, AzureCloud cloud, String storageAccountName, String tenantId,
                          String clientId) {

    public AzureAccess {
        AzureNamingRules.requireAccountName(storageAccountName);
    }

}
