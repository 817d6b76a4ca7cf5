package io.cfnazure.blobstorage.account.integration;

import static io.cfnazure.blobstorage.account.testbed.AccountOnLocalCloud.existsInAzure;
import static io.cfnazure.blobstorage.account.testbed.AccountOnLocalCloud.id;
import static io.cfnazure.blobstorage.account.testbed.AccountOnLocalCloud.identifier;
import static io.cfnazure.blobstorage.account.testbed.AccountOnLocalCloud.model;
import static io.cfnazure.blobstorage.account.testbed.AccountOnLocalCloud.request;
import static io.cfnazure.blobstorage.account.testbed.AccountOnLocalCloud.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.blobstorage.account.testbed.AccountOnLocalCloud;
import io.cfnazure.blobstorage.container.testbed.ContainerModels;
import io.cfnazure.blobstorage.container.testbed.LambdaJarChecks;
import io.cfnazure.blobstorage.container.testbed.LambdaJarProcess;
import io.cfnazure.blobstorage.container.testbed.SignIn;
import io.cfnazure.localcloud.LocalCloud;
import io.cfnazure.localcloud.UsesLocalCloud;
import io.cfnazure.localcloud.cloudformation.CloudFormationDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What cfn submit uploads from storage-account/ is what works: the account type's shaded jar, alone on the class path
 * of a JVM started as Lambda starts one ({@link LambdaJarProcess}), loads the handler named in its .rpdk-config and
 * runs an account's whole life through CloudFormation's requests and callbacks, signing in each way, on the libraries
 * it carries (azure-core of the management SDK, the container type's sign-in code). A class, service provider file or
 * logging binding lost to shading fails here although every test on the class path passes. The libraries' lines of a
 * refused sign-in reach the handler's log, and nothing the JVM wrote or returned carries a secret or a token.
 */
@UsesLocalCloud
class AccountLambdaJarTest {

    /** Set by storage-account-tests/pom.xml: storage-account/target/azure-blobstorage-account-VERSION.jar. */
    private static final String LAMBDA_JAR_PROPERTY = "account.lambdaJar";
    /** The registry's package budget, as storage-account/pom.xml's enforcer rule counts it. */
    private static final long LAMBDA_PACKAGE_BUDGET_BYTES = 45_000_000L;
    private static final String REFUSED_SECRET_NAME = "azure/blobstorage/account-refused-client-secret";

    @Test
    void theLambdaPackageIsAtMost45Mb() throws Exception {
        assertThat(Files.size(LambdaJarChecks.jar(LAMBDA_JAR_PROPERTY))).as("bytes of the Lambda package")
            .isPositive().isLessThanOrEqualTo(LAMBDA_PACKAGE_BUDGET_BYTES);
    }

    @ParameterizedTest
    @EnumSource(SignIn.class)
    void theLambdaJarAloneCreatesReadsUpdatesListsAndDeletesAndLogsNoSecret(final SignIn signIn,
                                                                           final LocalCloud cloud) throws Exception {
        final int secretReads = cloud.secretsManager().requests();
        final String refusedSecret = LambdaJarChecks.refusedSecretStored(cloud, REFUSED_SECRET_NAME);
        final StringBuffer lambdaLog = new StringBuffer();
        final StringBuffer responses = new StringBuffer();
        final String name = uniqueName();
        final String accountId = id(name);

        final LambdaJarProcess lambdaJvm = LambdaJarProcess.start(LambdaJarChecks.jar(LAMBDA_JAR_PROPERTY),
            LambdaJarChecks.entrypoint(AccountOnLocalCloud.ACCOUNT_DIR),
            cloud.handlerSystemProperties(), Path.of("target", "lambda-jar-" + signIn.name().toLowerCase()));
        try (lambdaJvm) {
            final CloudFormationDriver cfn = AccountOnLocalCloud.cloudFormation(lambdaJvm.keepingResponsesIn(responses),
                cloud, LocalCloud.REGION, lambdaLog);
            final ObjectNode typeConfiguration = ContainerModels.typeConfiguration(signIn);

            final ObjectNode created = model(name, signIn);
            LambdaJarChecks.succeeded(cfn.invoke(request("CREATE", created)), lambdaJvm);
            assertThat(existsInAzure(cloud, accountId)).as("the account in Azure after Create").isTrue();

            final JsonNode read = LambdaJarChecks.succeeded(cfn.invoke(request("READ", identifier(accountId))
                .withTypeConfiguration(typeConfiguration)), lambdaJvm);
            assertThat(read.path("resourceModel").path("Tags")).isEqualTo(created.path("Tags"));

            final ObjectNode updated = AccountOnLocalCloud.updated(model(name, signIn));
            final JsonNode update = LambdaJarChecks.succeeded(cfn.invoke(request("UPDATE", updated)
                .withPrevious(created)), lambdaJvm);
            assertThat(update.path("resourceModel").path("Sku").asText()).isEqualTo("Standard_GRS");

            final JsonNode list = LambdaJarChecks.succeeded(cfn.invoke(request("LIST",
                AccountOnLocalCloud.listScope()).withTypeConfiguration(typeConfiguration)), lambdaJvm);
            final List<String> listed = new ArrayList<>();
            list.path("resourceModels").forEach(listedModel -> listed.add(listedModel.path("Id").asText()));
            assertThat(listed).contains(accountId);

            LambdaJarChecks.succeeded(cfn.invoke(request("DELETE", updated.deepCopy().put("Id", accountId))),
                lambdaJvm);
            assertThat(existsInAzure(cloud, accountId)).as("the account in Azure after Delete").isFalse();

            final JsonNode refused = cfn.invoke(request("READ", identifier(id(LocalCloud.STORAGE_ACCOUNT)))
                .withTypeConfiguration(LambdaJarChecks.refusedSignIn(cloud, signIn, REFUSED_SECRET_NAME)));
            assertThat(refused.path("errorCode").asText()).as(refused.toString()).isEqualTo("InvalidCredentials");
        }
        if (signIn == SignIn.AWS_WEB_IDENTITY) {
            assertThat(cloud.secretsManager().requests()).as("Secrets Manager requests").isEqualTo(secretReads);
        }

        LambdaJarChecks.endedCleanlyAndLeakedNothing(lambdaJvm, cloud, signIn, refusedSecret, lambdaLog, responses);
    }
}
