package io.cfnazure.blobstorage.container.contract;

import io.cfnazure.blobstorage.container.testbed.ContainerType;
import io.cfnazure.blobstorage.container.testbed.SignIn;
import io.cfnazure.localcloud.UsesLocalCloud;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The contract suite signing in without a secret (AzureAuthentication AwsWebIdentity): every rule holds, and the
 * whole suite sends Secrets Manager no request.
 */
@UsesLocalCloud
@ExtendWith(SecretsManagerUntouched.class)
class AwsWebIdentityContractTest extends ContainerContractSuite {

    AwsWebIdentityContractTest() {
        super(SignIn.AWS_WEB_IDENTITY, ContainerType.BLOB_SERVICE);
    }
}
