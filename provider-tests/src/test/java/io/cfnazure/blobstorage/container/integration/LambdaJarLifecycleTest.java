package io.cfnazure.blobstorage.container.integration;

import static io.cfnazure.blobstorage.container.testbed.ContainerModels.JSON;
import static io.cfnazure.blobstorage.container.testbed.ContainerModels.identifier;
import static io.cfnazure.blobstorage.container.testbed.ContainerModels.model;
import static io.cfnazure.blobstorage.container.testbed.ContainerModels.request;
import static io.cfnazure.blobstorage.container.testbed.ContainerModels.typeConfiguration;
import static io.cfnazure.blobstorage.container.testbed.ContainerModels.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobContainerItem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.blobstorage.container.testbed.LambdaJarChecks;
import io.cfnazure.blobstorage.container.testbed.LambdaJarProcess;
import io.cfnazure.blobstorage.container.testbed.ProviderOnLocalCloud;
import io.cfnazure.blobstorage.container.testbed.SignIn;
import io.cfnazure.localcloud.LocalCloud;
import io.cfnazure.localcloud.UsesLocalCloud;
import io.cfnazure.localcloud.cloudformation.CloudFormationDriver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What cfn submit uploads is what works: the provider's shaded jar, alone on the class path of a JVM started as Lambda
 * starts one ({@link LambdaJarProcess}), loads the handler named in .rpdk-config and runs a container's whole life
 * through it, with CloudFormation's requests and callbacks ({@link CloudFormationDriver}). Azure's state is checked
 * independently after each step. A jar that lost a class, a service provider file or its logging binding to shading
 * fails here although every test on target/classes passes. The same run proves that the libraries' log lines reach
 * the handler's log through the jar's SLF4J binding (a refused sign-in, which MSAL and azure-identity log), where a
 * registered type's user reads them, and that nothing the JVM wrote or returned carries a secret or a token.
 */
@UsesLocalCloud
class LambdaJarLifecycleTest {

    /** Set by provider-tests/pom.xml: the root's target/azure-blobstorage-container-VERSION.jar. */
    private static final String LAMBDA_JAR_PROPERTY = "provider.lambdaJar";
    /** A client secret that Secrets Manager holds and Entra ID refuses. */
    private static final String REFUSED_SECRET_NAME = "azure/blobstorage/refused-client-secret";

    /**
     * Each way of signing in, so the jar is shown to hold what each needs (Secrets Manager, or STS and the client
     * assertion path), and a refusal of each reaches the log from MSAL and azure-identity.
     */
    @ParameterizedTest
    @EnumSource(SignIn.class)
    void theLambdaJarAloneCreatesReadsUpdatesListsAndDeletesAndLogsNoSecret(final SignIn signIn,
                                                                           final LocalCloud cloud) throws Exception {
        final int secretReads = cloud.secretsManager().requests();
        final String refusedSecret = LambdaJarChecks.refusedSecretStored(cloud, REFUSED_SECRET_NAME);
        final StringBuffer lambdaLog = new StringBuffer();
        final StringBuffer responses = new StringBuffer();
        final String name = uniqueName();
        final BlobServiceClient azureAccount = cloud.blobServiceClient(LocalCloud.STORAGE_ACCOUNT);
        final BlobContainerClient azure = azureAccount.getBlobContainerClient(name);

        final LambdaJarProcess lambdaJvm = LambdaJarProcess.start(LambdaJarChecks.jar(LAMBDA_JAR_PROPERTY),
            LambdaJarChecks.entrypoint(ProviderOnLocalCloud.PROVIDER_DIR),
            cloud.handlerSystemProperties(), Path.of("target", "lambda-jar"));
        try (lambdaJvm) {
            // Every response, IN_PROGRESS ones included, is kept for the secret check.
            final CloudFormationDriver cfn = ProviderOnLocalCloud.cloudFormation(
                lambdaJvm.keepingResponsesIn(responses), LocalCloud.AWS_ACCOUNT_ID, cloud::callerCredentials,
                lambdaLog);

            final ObjectNode created = model(name, signIn);
            final JsonNode create = LambdaJarChecks.succeeded(cfn.invoke(request("CREATE", created)), lambdaJvm);
            final String url = create.path("resourceModel").path("ContainerUrl").asText();
            assertThat(azure.exists()).as("the container in Azure after Create").isTrue();
            assertThat(azure.getProperties().getMetadata()).as("its metadata after Create")
                .containsAllEntriesOf(Map.of("purpose", "contract-test", "source_bucket", "s3-dr-primary"));

            final JsonNode read = LambdaJarChecks.succeeded(cfn.invoke(request("READ", identifier(url))
                .withTypeConfiguration(typeConfiguration(signIn))), lambdaJvm);
            assertThat(read.path("resourceModel").path("Metadata")).as("Read's metadata")
                .isEqualTo(created.path("Metadata"));

            final ObjectNode updated = model(name, signIn);
            updated.putObject("Metadata").put("purpose", "dr-copy").put("jurisdiction", "eu");
            LambdaJarChecks.succeeded(cfn.invoke(request("UPDATE", updated).withPrevious(created)), lambdaJvm);
            assertThat(azure.getProperties().getMetadata()).as("its metadata after Update, replaced")
                .isEqualTo(Map.of("purpose", "dr-copy", "jurisdiction", "eu"));

            final JsonNode list = LambdaJarChecks.succeeded(cfn.invoke(request("LIST",
                JSON.createObjectNode().put("StorageAccountName", LocalCloud.STORAGE_ACCOUNT))
                .withTypeConfiguration(typeConfiguration(signIn))), lambdaJvm);
            final List<String> listed = new ArrayList<>();
            list.path("resourceModels").forEach(listedModel -> listed.add(listedModel.path("ContainerUrl").asText()));
            assertThat(listed).as("List's URLs").contains(url);
            assertThat(azureAccount.listBlobContainers().stream().map(BlobContainerItem::getName)
                .collect(Collectors.toSet())).as("Azure's containers hold every one listed")
                .containsAll(listed.stream().map(listedUrl -> listedUrl.substring(listedUrl.lastIndexOf('/') + 1))
                    .toList());

            LambdaJarChecks.succeeded(cfn.invoke(request("DELETE", updated.deepCopy().put("ContainerUrl", url))),
                lambdaJvm);
            assertThat(azure.exists()).as("the container in Azure after Delete").isFalse();

            final JsonNode refused = cfn.invoke(request("READ", identifier(url))
                .withTypeConfiguration(LambdaJarChecks.refusedSignIn(cloud, signIn, REFUSED_SECRET_NAME)));
            assertThat(refused.path("errorCode").asText()).as(refused.toString()).isEqualTo("InvalidCredentials");
        }
        if (signIn == SignIn.AWS_WEB_IDENTITY) {
            assertThat(cloud.secretsManager().requests()).as("Secrets Manager requests").isEqualTo(secretReads);
        }

        LambdaJarChecks.endedCleanlyAndLeakedNothing(lambdaJvm, cloud, signIn, refusedSecret, lambdaLog, responses);
    }
}
