package io.cfnazure.blobstorage.container.contract;

import io.cfnazure.blobstorage.container.testbed.SignIn;
import io.cfnazure.localcloud.UsesLocalCloud;

/**
 * The contract suite in the management-plane mode (the storage account named by its Azure Resource Manager ID,
 * StorageAccountId; every request through the Azure Resource Manager stand-in), signing in without a secret: the
 * caller's AWS web identity token, exchanged for a token of Azure Resource Manager's scope.
 */
@UsesLocalCloud
class ManagementPlaneAwsWebIdentityContractTest extends ContractSuite {

    ManagementPlaneAwsWebIdentityContractTest() {
        super(SignIn.AWS_WEB_IDENTITY, Plane.RESOURCE_MANAGER);
    }
}
