package io.cfnazure.blobstorage.container.contract;

import io.cfnazure.blobstorage.container.testbed.ContainerType;
import io.cfnazure.blobstorage.container.testbed.SignIn;
import io.cfnazure.localcloud.UsesLocalCloud;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The contract suite in the management-plane mode (the storage account named by its Azure Resource Manager ID,
 * StorageAccountId; every request through the Azure Resource Manager stand-in), signing in without a secret: the
 * caller's AWS web identity token, exchanged for a token of Azure Resource Manager's scope. The whole suite sends
 * Secrets Manager no request.
 */
@UsesLocalCloud
@ExtendWith(SecretsManagerUntouched.class)
class ManagementPlaneAwsWebIdentityContractTest extends ContainerContractSuite {

    ManagementPlaneAwsWebIdentityContractTest() {
        super(SignIn.AWS_WEB_IDENTITY, ContainerType.RESOURCE_MANAGER);
    }
}
