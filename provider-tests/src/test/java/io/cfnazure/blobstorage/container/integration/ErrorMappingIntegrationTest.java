package io.cfnazure.blobstorage.container.integration;

import static io.cfnazure.blobstorage.container.testbed.ContainerModels.identifier;
import static io.cfnazure.blobstorage.container.testbed.ContainerModels.model;
import static io.cfnazure.blobstorage.container.testbed.ContainerModels.request;
import static io.cfnazure.blobstorage.container.testbed.ContainerModels.typeConfiguration;
import static io.cfnazure.blobstorage.container.testbed.ContainerModels.uniqueName;
import static io.cfnazure.blobstorage.container.testbed.ProviderOnLocalCloud.SCHEMA;
import static io.cfnazure.blobstorage.container.testbed.ProviderOnLocalCloud.cloudFormation;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.blobstorage.container.HandlerWrapper;
import io.cfnazure.blobstorage.container.testbed.SignIn;
import io.cfnazure.localcloud.LocalCloud;
import io.cfnazure.localcloud.UsesLocalCloud;
import io.cfnazure.localcloud.cloudformation.CallerCredentials;
import io.cfnazure.localcloud.cloudformation.CloudFormationDriver;
import io.cfnazure.localcloud.cloudformation.HandlerRequest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The error mapping against the real components wherever they can produce the condition: Secrets Manager's and
 * Entra ID's own error answers, Azurite's refusals, an Entra ID that does not answer or refuses the connection. What they cannot produce (DNS, 5xx, throttling, KMS) is covered
 * by the edge tests of the provider (AzureStorageFailuresTest, EntraIdFailuresTest, SecretsManagerFailuresTest,
 * StsFailuresTest) and by FaultMatrixTest. Every message must say what to fix and never carry a secret.
 */
@UsesLocalCloud
class ErrorMappingIntegrationTest {

    private static final String WRONG_SECRET_VALUE = "Wr0ng~Secret.Value-never-to-be-echoed";

    private LocalCloud cloud;
    private CloudFormationDriver cfn;
    private final StringBuffer handlerLog = new StringBuffer();

    @BeforeEach
    void setUp(final LocalCloud localCloud) {
        cloud = localCloud;
        cfn = cloudFormation(localCloud, handlerLog);
    }

    @AfterEach
    void noSecretReachedTheLog() {
        assertThat(handlerLog.toString()).doesNotContain(LocalCloud.CLIENT_SECRET, WRONG_SECRET_VALUE,
            cloud.callerCredentials().secretAccessKey(), cloud.callerCredentials().sessionToken());
    }

    private JsonNode create(final ObjectNode model) throws InterruptedException {
        return cfn.invoke(request("CREATE", model));
    }

    private static void assertFailure(final JsonNode response, final String errorCode, final String... messageParts) {
        assertThat(response.path("status").asText()).as(response.toString()).isEqualTo("FAILED");
        assertThat(response.path("errorCode").asText()).as(response.toString()).isEqualTo(errorCode);
        assertThat(response.path("message").asText()).contains(messageParts)
            .doesNotContain(LocalCloud.CLIENT_SECRET, WRONG_SECRET_VALUE, "\tat ");
    }

    private static String secretName(final String purpose) {
        return "it/" + purpose + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    @Test
    void aWrongClientSecretIsInvalidCredentialsNamingTheSecret() throws Exception {
        final String secret = secretName("wrong");
        cloud.secretsManager().putSecret(secret, WRONG_SECRET_VALUE);

        final JsonNode response = create(model(uniqueName()).put("AzureClientSecretName", secret));

        assertFailure(response, "InvalidCredentials", "AADSTS7000215", secret);
    }

    @Test
    void anUnknownTenantOrAppIsInvalidCredentialsSayingWhichPropertyToFix() throws Exception {
        assertFailure(create(model(uniqueName()).put("AzureTenantId", UUID.randomUUID().toString())),
            "InvalidCredentials", "AADSTS90002", "AzureTenantId");
        assertFailure(create(model(uniqueName()).put("AzureClientId", UUID.randomUUID().toString())),
            "InvalidCredentials", "AADSTS700016", "AzureClientId");
    }

    @Test
    void aSecretThatDoesNotExistIsInvalidRequestNamingIt() throws Exception {
        final String secret = secretName("missing");

        assertFailure(create(model(uniqueName()).put("AzureClientSecretName", secret)), "InvalidRequest", secret,
            "us-east-1");
    }

    @Test
    void aSecretTheCallerMayNotReadIsAccessDeniedNamingThePermission() throws Exception {
        final String secret = secretName("denied");
        cloud.secretsManager().putSecret(secret, LocalCloud.CLIENT_SECRET);
        cloud.secretsManager().denyAccess(cloud.callerCredentials().accessKeyId(), secret);

        assertFailure(create(model(uniqueName()).put("AzureClientSecretName", secret)), "AccessDenied",
            "secretsmanager:GetSecretValue", secret);
    }

    @Test
    void anEmptyOrMalformedSecretIsInvalidRequestWithoutEchoingIt() throws Exception {
        for (final String content : new String[] {"   ", "{\"client_secret\": \"" + WRONG_SECRET_VALUE + "\"}"}) {
            final String secret = secretName("malformed");
            cloud.secretsManager().putSecret(secret, content);

            assertFailure(create(model(uniqueName()).put("AzureClientSecretName", secret)), "InvalidRequest", secret);
        }
    }

    @Test
    void callerCredentialsAwsDoesNotRecogniseAreInvalidCredentials() throws Exception {
        final CloudFormationDriver stranger = cloudFormation(LocalCloud.AWS_ACCOUNT_ID, () -> new CallerCredentials(
            "ASIAUNKNOWNCALLER001", "unknownCallerSecretKey", "unknownCallerSessionToken"), handlerLog);

        final JsonNode response = stranger.invoke(request("CREATE", model(uniqueName())
            .put("AzureClientSecretName", secretName("any"))));

        assertFailure(response, "InvalidCredentials", "UnrecognizedClientException");
    }

    @Test
    void aTokenTheStorageAccountRefusesIsInvalidCredentials() throws Exception {
        // An app whose tokens are already expired when issued: Azurite refuses them with 403 AuthenticationFailed.
        final String clientId = UUID.randomUUID().toString();
        final String secret = secretName("expired-tokens");
        final String clientSecret = UUID.randomUUID().toString();
        cloud.entraId().registerAppIssuingExpiredTokens(LocalCloud.TENANT_ID, clientId, clientSecret);
        cloud.secretsManager().putSecret(secret, clientSecret);

        final JsonNode response = create(model(uniqueName()).put("AzureClientId", clientId)
            .put("AzureClientSecretName", secret));

        assertFailure(response, "InvalidCredentials", "AuthenticationFailed", "cfnlocalstore01", clientId);
        assertThat(response.path("message").asText()).doesNotContain(clientSecret);
    }

    @Test
    void aRefusedAclChangeIsAccessDeniedWithTheRoleHint() throws Exception {
        // Azurite refuses Get/Set Container ACL under OAuth with 403 AuthorizationFailure, as an account
        // firewall or a role without getAcl/setAcl does in Azure.
        final String name = uniqueName();
        final ObjectNode before = model(name);
        final String url = create(before).path("resourceModel").path("ContainerUrl").asText();
        final ObjectNode after = model(name).put("PublicAccess", "Blob");

        final JsonNode response = cfn.invoke(request("UPDATE", after).withPrevious(before));

        assertFailure(response, "AccessDenied", "AuthorizationFailure", "Storage Blob Data");
        assertThat(cloud.blobServiceClient(LocalCloud.STORAGE_ACCOUNT).getBlobContainerClient(name).getProperties()
            .getBlobPublicAccess()).isNull();
        cfn.invoke(request("DELETE", identifier(url)).withTypeConfiguration(typeConfiguration()));
    }

    @Test
    void aStorageAccountThatDoesNotExistIsNotFound() throws Exception {
        final JsonNode response = cfn.invoke(request("READ",
                identifier("https://cfnnosuchaccount.blob.core.windows.net/" + uniqueName()))
            .withTypeConfiguration(typeConfiguration()));

        assertFailure(response, "NotFound", "cfnnosuchaccount");
    }

    @Test
    void anUnreachableStorageEndpointIsNetworkFailure() throws Exception {
        final String endpoint = System.getProperty("cfnazure.test.blobEndpoint");
        System.setProperty("cfnazure.test.blobEndpoint", "https://127.0.0.1:1/{account}");
        try {
            final JsonNode response = cfn.invoke(request("READ",
                    identifier("https://cfnunreachable1.blob.core.windows.net/" + uniqueName()))
                .withTypeConfiguration(typeConfiguration()));

            assertFailure(response, "NetworkFailure", "cfnunreachable1");
        } finally {
            System.setProperty("cfnazure.test.blobEndpoint", endpoint);
        }
    }

    /**
     * With the function timeout of template.yml, so java.net.http's 20-second response timeout ends the wait before the
     * invocation's deadline does, as in Lambda: the message must still say the request timed out.
     */
    @ParameterizedTest
    @EnumSource(SignIn.class)
    void anEntraIdThatDoesNotAnswerIsNetworkFailureSayingTheRequestTimedOut(final SignIn signIn) {
        final ObjectNode model = signIn.applyToNewApp(cloud, model(uniqueName()));
        final String app = model.path("AzureClientId").asText();
        cloud.entraId().faults().delay(request -> request.body().contains(app), Duration.ofSeconds(45));
        final CloudFormationDriver patient = CloudFormationDriver.forType(SCHEMA, new HandlerWrapper()::handleRequest)
            .account(LocalCloud.AWS_ACCOUNT_ID, LocalCloud.REGION, cloud::callerCredentials)
            .handlerLog(line -> handlerLog.append(line).append('\n'))
            .functionTimeout(Duration.ofSeconds(60))
            .build();
        try {
            assertFailure(read(patient, model), "NetworkFailure", "Entra ID did not answer in time to sign in app " + app,
                "(the request timed out)");
        } finally {
            cloud.entraId().faults().clear();
        }
    }

    @ParameterizedTest
    @EnumSource(SignIn.class)
    void anEntraIdThatRefusesTheConnectionIsNetworkFailureSayingItCouldNotConnect(final SignIn signIn) {
        final ObjectNode model = signIn.applyToNewApp(cloud, model(uniqueName()));
        final String authorityHost = System.getProperty("cfnazure.test.authorityHost");
        System.setProperty("cfnazure.test.authorityHost", "https://127.0.0.1:1/");
        try {
            assertFailure(read(cfn, model), "NetworkFailure", "Could not connect to Entra ID to sign in app "
                + model.path("AzureClientId").asText(), "(the connection was refused)");
        } finally {
            System.setProperty("cfnazure.test.authorityHost", authorityHost);
        }
    }

    /** Read fails at once with a retriable code, where Create would call back. */
    private static JsonNode read(final CloudFormationDriver driver, final ObjectNode model) {
        return driver.invokeOnce(request("READ", model.put("ContainerUrl", "https://" + LocalCloud.STORAGE_ACCOUNT
            + ".blob.core.windows.net/" + model.path("ContainerName").asText())));
    }

    @Test
    void theSecretIsReadOncePerAwsAccountAndTheTokenReusedWhileTheHandlerIsWarm() throws Exception {
        final String secret = secretName("cached");
        cloud.secretsManager().putSecret(secret, LocalCloud.CLIENT_SECRET);
        final ObjectNode configuration = typeConfiguration();
        ((ObjectNode) configuration.get("AzureCredentials")).put("ClientSecretName", secret);
        final String url = "https://cfnlocalstore01.blob.core.windows.net/" + uniqueName();
        final HandlerRequest read = request("READ", identifier(url)).withTypeConfiguration(configuration);

        final int secretReads = cloud.secretsManager().requests();
        cfn.invoke(read);
        final int tokens = cloud.entraId().tokenRequests(LocalCloud.CLIENT_ID);
        cfn.invoke(read);
        cfn.invoke(read);
        assertThat(cloud.secretsManager().requests()).isEqualTo(secretReads + 1);
        assertThat(cloud.entraId().tokenRequests(LocalCloud.CLIENT_ID)).isEqualTo(tokens);

        cloudFormation("210987654321", cloud::callerCredentials, handlerLog).invoke(read);
        assertThat(cloud.secretsManager().requests()).as("another AWS account reads the secret itself")
            .isEqualTo(secretReads + 2);
    }
}
