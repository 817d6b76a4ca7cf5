package io.cfnazure.blobstorage.account.contract;

import io.cfnazure.blobstorage.container.contract.SecretsManagerUntouched;
import io.cfnazure.blobstorage.container.testbed.SignIn;
import io.cfnazure.localcloud.UsesLocalCloud;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The account type's contract suite signing in without a secret (AzureAuthentication AwsWebIdentity): every rule
 * holds, and the whole suite sends Secrets Manager no request.
 */
@UsesLocalCloud
@ExtendWith(SecretsManagerUntouched.class)
class AccountAwsWebIdentityContractTest extends AccountContractSuite {

    AccountAwsWebIdentityContractTest() {
        super(SignIn.AWS_WEB_IDENTITY);
    }
}
