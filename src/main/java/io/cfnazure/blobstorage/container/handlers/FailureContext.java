package io.cfnazure.blobstorage.container.handlers;

/** What a failure message may name: the resources involved, never a secret. Fields are null until known. */
record FailureContext(String storageAccountName, String containerName, String secretId, String region,
                      String tenantId, String clientId) {
}
