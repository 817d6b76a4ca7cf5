package io.cfnazure.blobstorage.container.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.cfnazure.blobstorage.container.testbed.SignIn;
import io.cfnazure.localcloud.LocalCloud;
import io.cfnazure.localcloud.UsesLocalCloud;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract suite signing in without a secret (AzureAuthentication AwsWebIdentity): every rule holds, and the
 * whole suite sends Secrets Manager no request. The local cloud is shared by the test classes of the JVM, which run
 * one after another, so its counter is compared before and after this class.
 */
@UsesLocalCloud
class AwsWebIdentityContractTest extends ContractSuite {

    private static int secretsManagerRequestsBefore;

    AwsWebIdentityContractTest() {
        super(SignIn.AWS_WEB_IDENTITY, Plane.BLOB_SERVICE);
    }

    @BeforeAll
    static void countSecretsManagerRequests(final LocalCloud cloud) {
        secretsManagerRequestsBefore = cloud.secretsManager().requests();
    }

    @AfterAll
    static void theSuiteSentSecretsManagerNoRequest(final LocalCloud cloud) {
        assertThat(cloud.secretsManager().requests()).as("requests Secrets Manager received during the suite")
            .isEqualTo(secretsManagerRequestsBefore);
    }
}
