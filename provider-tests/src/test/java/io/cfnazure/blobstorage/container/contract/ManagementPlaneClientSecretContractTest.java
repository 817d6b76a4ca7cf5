package io.cfnazure.blobstorage.container.contract;

import io.cfnazure.blobstorage.container.testbed.ContainerType;
import io.cfnazure.blobstorage.container.testbed.SignIn;
import io.cfnazure.localcloud.UsesLocalCloud;

/**
 * The contract suite in the management-plane mode (StorageAccountId, through the Azure Resource Manager stand-in),
 * signing in with a client secret read from Secrets Manager.
 */
@UsesLocalCloud
class ManagementPlaneClientSecretContractTest extends ContainerContractSuite {

    ManagementPlaneClientSecretContractTest() {
        super(SignIn.CLIENT_SECRET, ContainerType.RESOURCE_MANAGER);
    }
}
