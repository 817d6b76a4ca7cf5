package io.cfnazure.blobstorage.account.contract;

import io.cfnazure.blobstorage.container.testbed.SignIn;
import io.cfnazure.localcloud.UsesLocalCloud;

/** The account type's contract suite signing in with a client secret read from Secrets Manager. */
@UsesLocalCloud
class AccountClientSecretContractTest extends AccountContractSuite {

    AccountClientSecretContractTest() {
        super(SignIn.CLIENT_SECRET);
    }
}
