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
import io.cfnazure.blobstorage.container.testbed.LambdaJarProcess;
import io.cfnazure.blobstorage.container.testbed.ProviderOnLocalCloud;
import io.cfnazure.blobstorage.container.testbed.SignIn;
import io.cfnazure.localcloud.EntraIdStandIn.FederatedCredential;
import io.cfnazure.localcloud.LocalCloud;
import io.cfnazure.localcloud.UsesLocalCloud;
import io.cfnazure.localcloud.cloudformation.CallerCredentials;
import io.cfnazure.localcloud.cloudformation.CloudFormationDriver;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
    /** Any base64url-encoded JSON object starts so: a JWT's header and payload, such as an Entra ID access token. */
    private static final String ENCODED_JSON_OBJECT = "eyJ";

    /**
     * Each way of signing in, so the jar is shown to hold what each needs (Secrets Manager, or STS and the client
     * assertion path), and a refusal of each reaches the log from MSAL and azure-identity.
     */
    @ParameterizedTest
    @EnumSource(SignIn.class)
    void theLambdaJarAloneCreatesReadsUpdatesListsAndDeletesAndLogsNoSecret(final SignIn signIn,
                                                                           final LocalCloud cloud) throws Exception {
        final int secretReads = cloud.secretsManager().requests();
        final String refusedSecret = "Xy7Q~Refused." + UUID.randomUUID();
        cloud.secretsManager().putSecret(REFUSED_SECRET_NAME, refusedSecret);
        final StringBuffer lambdaLog = new StringBuffer();
        final StringBuffer responses = new StringBuffer();
        final String name = uniqueName();
        final BlobServiceClient azureAccount = cloud.blobServiceClient(LocalCloud.STORAGE_ACCOUNT);
        final BlobContainerClient azure = azureAccount.getBlobContainerClient(name);

        final LambdaJarProcess lambdaJvm = LambdaJarProcess.start(lambdaJar(), entrypoint(),
            cloud.handlerSystemProperties(), Path.of("target", "lambda-jar"));
        try (lambdaJvm) {
            // Every response, IN_PROGRESS ones included, is kept for the secret check.
            final CloudFormationDriver cfn = ProviderOnLocalCloud.cloudFormation((in, out, context) -> {
                final ByteArrayOutputStream response = new ByteArrayOutputStream();
                lambdaJvm.handleRequest(in, response, context);
                responses.append(response.toString(StandardCharsets.UTF_8)).append('\n');
                response.writeTo(out);
            }, LocalCloud.AWS_ACCOUNT_ID, cloud::callerCredentials, lambdaLog);

            final ObjectNode created = model(name, signIn);
            final JsonNode create = succeeded(cfn.invoke(request("CREATE", created)), lambdaJvm);
            final String url = create.path("resourceModel").path("ContainerUrl").asText();
            assertThat(azure.exists()).as("the container in Azure after Create").isTrue();
            assertThat(azure.getProperties().getMetadata()).as("its metadata after Create")
                .containsAllEntriesOf(Map.of("purpose", "contract-test", "source_bucket", "s3-dr-primary"));

            final JsonNode read = succeeded(cfn.invoke(request("READ", identifier(url))
                .withTypeConfiguration(typeConfiguration(signIn))), lambdaJvm);
            assertThat(read.path("resourceModel").path("Metadata")).as("Read's metadata")
                .isEqualTo(created.path("Metadata"));

            final ObjectNode updated = model(name, signIn);
            updated.putObject("Metadata").put("purpose", "dr-copy").put("jurisdiction", "eu");
            succeeded(cfn.invoke(request("UPDATE", updated).withPrevious(created)), lambdaJvm);
            assertThat(azure.getProperties().getMetadata()).as("its metadata after Update, replaced")
                .isEqualTo(Map.of("purpose", "dr-copy", "jurisdiction", "eu"));

            final JsonNode list = succeeded(cfn.invoke(request("LIST",
                JSON.createObjectNode().put("StorageAccountName", LocalCloud.STORAGE_ACCOUNT))
                .withTypeConfiguration(typeConfiguration(signIn))), lambdaJvm);
            final List<String> listed = new ArrayList<>();
            list.path("resourceModels").forEach(listedModel -> listed.add(listedModel.path("ContainerUrl").asText()));
            assertThat(listed).as("List's URLs").contains(url);
            assertThat(azureAccount.listBlobContainers().stream().map(BlobContainerItem::getName)
                .collect(Collectors.toSet())).as("Azure's containers hold every one listed")
                .containsAll(listed.stream().map(listedUrl -> listedUrl.substring(listedUrl.lastIndexOf('/') + 1))
                    .toList());

            succeeded(cfn.invoke(request("DELETE", updated.deepCopy().put("ContainerUrl", url))), lambdaJvm);
            assertThat(azure.exists()).as("the container in Azure after Delete").isFalse();

            final ObjectNode refusedConfiguration = typeConfiguration(signIn);
            // A secret Entra ID refuses, or an app that trusts another role than the caller's.
            ((ObjectNode) refusedConfiguration.path("AzureCredentials")).put(
                signIn == SignIn.CLIENT_SECRET ? "ClientSecretName" : "ClientId",
                signIn == SignIn.CLIENT_SECRET ? REFUSED_SECRET_NAME : appTrustingAnotherRole(cloud));
            final JsonNode refused = cfn.invoke(request("READ", identifier(url))
                .withTypeConfiguration(refusedConfiguration));
            assertThat(refused.path("errorCode").asText()).as(refused.toString()).isEqualTo("InvalidCredentials");
        }
        if (signIn == SignIn.AWS_WEB_IDENTITY) {
            assertThat(cloud.secretsManager().requests()).as("Secrets Manager requests").isEqualTo(secretReads);
        }

        assertThat(lambdaJvm.exitCode()).as("the Lambda JVM's exit code; its stderr:\n%s", lambdaJvm.stderr())
            .isZero();
        final String output = lambdaJvm.output();
        assertThat(lambdaLog).as("the handler's Lambda log lines: the refused sign-in, from MSAL and azure-identity")
            .contains("WARN com.microsoft.aad.msal4j", "ERROR com.azure.identity",
                signIn == SignIn.CLIENT_SECRET ? "AADSTS7000215" : "AADSTS700213");
        assertThat(output).as("the Lambda JVM's stdout and stderr: the libraries' lines of an invocation, which belong "
            + "in the handler's log; SLF4J's or Logback's own complaints (no binding, several, a configuration error)")
            .doesNotContain("com.microsoft.aad.msal4j", "com.azure.identity", "SLF4J", "ch.qos.logback");
        final CallerCredentials caller = cloud.callerCredentials();
        final List<String> secrets = List.of(LocalCloud.CLIENT_SECRET, refusedSecret, caller.secretAccessKey(),
            caller.sessionToken(), ENCODED_JSON_OBJECT);
        assertThat(lambdaLog.toString()).as("the handler's Lambda log lines").doesNotContain(secrets);
        assertThat(output).as("the Lambda JVM's stdout and stderr").doesNotContain(secrets);
        assertThat(responses.toString()).as("the handler's responses").doesNotContain(secrets);
    }

    /** An app whose only federated identity credential names a role other than the caller's. */
    private static String appTrustingAnotherRole(final LocalCloud cloud) {
        final String clientId = UUID.randomUUID().toString();
        cloud.entraId().addFederatedCredential(LocalCloud.TENANT_ID, clientId, new FederatedCredential(
            cloud.awsIssuer(), "arn:aws:iam::" + LocalCloud.AWS_ACCOUNT_ID + ":role/SomeOtherRole",
            List.of(LocalCloud.WEB_IDENTITY_AUDIENCE)));
        return clientId;
    }

    private static JsonNode succeeded(final JsonNode event, final LambdaJarProcess lambdaJvm) {
        assertThat(event.path("status").asText()).as("%s\nThe Lambda JVM's stderr:\n%s", event, lambdaJvm.stderr())
            .isEqualTo("SUCCESS");
        return event;
    }

    private static Path lambdaJar() {
        final String jar = System.getProperty(LAMBDA_JAR_PROPERTY);
        assertThat(jar).as("system property %s, which provider-tests/pom.xml sets: run through Maven",
            LAMBDA_JAR_PROPERTY).isNotBlank();
        return Path.of(jar);
    }

    /** The handler cfn submit registers: .rpdk-config's entrypoint, class::method. */
    private static String entrypoint() throws Exception {
        return JSON.readTree(ProviderOnLocalCloud.PROVIDER_DIR.resolve(".rpdk-config").toFile()).path("entrypoint")
            .asText();
    }
}
