package io.cfnazure.blobstorage.container.contract;

import io.cfnazure.blobstorage.container.testbed.ContainerType;
import io.cfnazure.blobstorage.container.testbed.SignIn;
import io.cfnazure.localcloud.UsesLocalCloud;

/** The contract suite signing in with a client secret read from Secrets Manager (AzureAuthentication's default). */
@UsesLocalCloud
class ClientSecretContractTest extends ContainerContractSuite {

    ClientSecretContractTest() {
        super(SignIn.CLIENT_SECRET, ContainerType.BLOB_SERVICE);
    }
}
