package io.cfnazure.blobstorage.container.integration;

import static io.cfnazure.blobstorage.container.testbed.ContainerModels.JSON;
import static io.cfnazure.blobstorage.container.testbed.ContainerModels.identifier;
import static io.cfnazure.blobstorage.container.testbed.ContainerModels.model;
import static io.cfnazure.blobstorage.container.testbed.ContainerModels.request;
import static io.cfnazure.blobstorage.container.testbed.ContainerModels.typeConfiguration;
import static io.cfnazure.blobstorage.container.testbed.ContainerModels.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.blobstorage.container.testbed.ProviderOnLocalCloud;
import io.cfnazure.blobstorage.container.testbed.SignIn;
import io.cfnazure.localcloud.EntraIdStandIn.FederatedCredential;
import io.cfnazure.localcloud.Faults;
import io.cfnazure.localcloud.LocalCloud;
import io.cfnazure.localcloud.WebIdentityTokenPolicy;
import io.cfnazure.localcloud.UsesLocalCloud;
import io.cfnazure.localcloud.cloudformation.CallerCredentials;
import io.cfnazure.localcloud.cloudformation.CloudFormationDriver;
import io.cfnazure.localcloud.cloudformation.HandlerRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Signing in without a secret ({@code AzureAuthentication: AwsWebIdentity}) through the wrapper's real entry point,
 * against the real chain: the caller's credentials → the STS stand-in (SigV4 checked, the Region's endpoint) → an
 * RS256 web identity token → azure-identity's client assertion → the Entra ID stand-in, which checks it against the
 * app's federated identity credential and the issuer's published keys → Azurite. Secrets Manager is never asked.
 * <p>
 * Each test signs in as a caller of its own ({@link LocalCloud#newCallerSession}), because the handler's caches are
 * per caller, and compares the shared local cloud's counters before and after. The run's last test,
 * {@code LeakScanTest}, scans every log line and answer of these tests, and all the JVM printed, for a token or a
 * secret.
 */
@UsesLocalCloud
class SecretlessSignInIntegrationTest {

    private static final String OTHER_ACCOUNT_ID = "444455556666";

    private LocalCloud cloud;

    @BeforeEach
    void setUp(final LocalCloud localCloud) {
        cloud = localCloud;
    }

    @Test
    void createReadUpdateListAndDeleteTakeOneAwsTokenAndOneEntraTokenAndNoSecret() {
        final CallerCredentials caller = cloud.newCallerSession(LocalCloud.CALLER_ROLE_ARN);
        final CloudFormationDriver cfn = cloudFormation(LocalCloud.AWS_ACCOUNT_ID, caller);
        final int secretsManagerRequests = cloud.secretsManager().requests();
        final int entraTokens = cloud.entraId().tokenRequests(LocalCloud.FEDERATED_CLIENT_ID);
        final String name = uniqueName();
        final BlobContainerClient azure = cloud.blobServiceClient(LocalCloud.STORAGE_ACCOUNT)
            .getBlobContainerClient(name);

        final ObjectNode created = federatedModel(name);
        final JsonNode create = cfn.invoke(request("CREATE", created));
        assertSuccess(create);
        final String url = create.path("resourceModel").path("ContainerUrl").asText();
        assertThat(azure.getProperties().getMetadata()).containsEntry("purpose", "contract-test");

        final JsonNode read = cfn.invoke(request("READ", identifier(url))
            .withTypeConfiguration(federatedTypeConfiguration()));
        assertSuccess(read);
        assertThat(read.path("resourceModel").path("Metadata").path("purpose").asText()).isEqualTo("contract-test");

        final ObjectNode updated = federatedModel(name);
        updated.putObject("Metadata").put("purpose", "dr-copy");
        assertSuccess(cfn.invoke(request("UPDATE", updated).withPrevious(created)));
        assertThat(azure.getProperties().getMetadata()).isEqualTo(Map.of("purpose", "dr-copy"));

        assertThat(listAll(cfn)).contains(url);

        assertSuccess(cfn.invoke(request("DELETE", updated.deepCopy().put("ContainerUrl", url))));
        assertThat(azure.exists()).isFalse();

        assertThat(cloud.secretsManager().requests()).as("Secrets Manager requests").isEqualTo(secretsManagerRequests);
        assertThat(cloud.sts().tokensIssued(caller.accessKeyId())).as("AWS web identity tokens").isEqualTo(1);
        assertThat(cloud.entraId().tokenRequests(LocalCloud.FEDERATED_CLIENT_ID)).as("Entra ID tokens")
            .isEqualTo(entraTokens + 1);
    }

    @Test
    void anotherCallerOfTheSameRoleGetsItsOwnTokensOnce() {
        final CallerCredentials caller = cloud.newCallerSession(LocalCloud.CALLER_ROLE_ARN);
        final CloudFormationDriver cfn = cloudFormation(LocalCloud.AWS_ACCOUNT_ID, caller);
        final int entraTokens = cloud.entraId().tokenRequests(LocalCloud.FEDERATED_CLIENT_ID);
        final String name = uniqueName();
        final HandlerRequest read = request("READ", identifier("https://cfnlocalstore01.blob.core.windows.net/"
            + name)).withTypeConfiguration(federatedTypeConfiguration());

        for (int i = 0; i < 3; i++) {
            assertFailure(cfn.invoke(read), "NotFound", name);
        }

        assertThat(cloud.sts().tokensIssued(caller.accessKeyId())).isEqualTo(1);
        assertThat(cloud.entraId().tokenRequests(LocalCloud.FEDERATED_CLIENT_ID)).isEqualTo(entraTokens + 1);
    }

    @Test
    void aCustomAudienceThatTheCredentialNamesSignsIn() {
        // The execution role deployed with that audience (execution-role.yaml's WebIdentityAudience).
        final String role = "arn:aws:iam::" + LocalCloud.AWS_ACCOUNT_ID + ":role/CustomAudienceExecution";
        cloud.sts().attachRolePolicy(role,
            WebIdentityTokenPolicy.ofExecutionRole(Map.of("WebIdentityAudience", "api://cfn-azure-custom")));
        final String app = appTrusting(cloud.awsIssuer(), role, "api://cfn-azure-custom");
        final CloudFormationDriver cfn = cloudFormation(LocalCloud.AWS_ACCOUNT_ID, cloud.newCallerSession(role));
        final ObjectNode model = federatedModel(uniqueName()).put("AzureClientId", app)
            .put("AzureWebIdentityAudience", "api://cfn-azure-custom");

        final JsonNode create = cfn.invoke(request("CREATE", model));

        assertSuccess(create);
        assertSuccess(cfn.invoke(request("DELETE", model.deepCopy()
            .put("ContainerUrl", create.path("resourceModel").path("ContainerUrl").asText()))));
        assertThat(cloud.entraId().tokenRequests(app)).isEqualTo(1);
    }

    @Test
    void aCustomAudienceTheExecutionRoleWasNotDeployedWithIsAccessDeniedNamingTheAudience() {
        final String app = appTrusting(cloud.awsIssuer(), LocalCloud.CALLER_ROLE_ARN, "api://cfn-azure-custom");
        final ObjectNode model = federatedModel(uniqueName()).put("AzureClientId", app)
            .put("AzureWebIdentityAudience", "api://cfn-azure-custom");

        final JsonNode response = createRefused(cloudFormation(LocalCloud.AWS_ACCOUNT_ID,
            cloud.newCallerSession(LocalCloud.CALLER_ROLE_ARN)), model);

        assertFailure(response, "AccessDenied", "sts:GetWebIdentityToken", "'api://cfn-azure-custom'",
            "execution-role.yaml");
    }

    @Test
    void anAccountWithoutOutboundFederationIsInvalidRequestNamingTheOneTimeStep() {
        final CallerCredentials caller = cloud.newCallerSession("arn:aws:iam::" + OTHER_ACCOUNT_ID
            + ":role/AzureBlobStorageContainerExecution");

        final JsonNode response = createRefused(cloudFormation(OTHER_ACCOUNT_ID, caller), federatedModel(uniqueName()));

        assertFailure(response, "InvalidRequest", "not enabled in AWS account " + OTHER_ACCOUNT_ID,
            "aws iam enable-outbound-web-identity-federation", "aws iam get-outbound-web-identity-federation-info");
        assertThat(cloud.sts().tokensIssued(caller.accessKeyId())).isZero();
    }

    @Test
    void aRoleWithoutStsGetWebIdentityTokenIsAccessDeniedNamingTheRoleAndThePermission() {
        final CallerCredentials caller = cloud.newCallerSession(LocalCloud.CALLER_ROLE_ARN);
        cloud.sts().denyWebIdentityTokens(caller.accessKeyId());

        final JsonNode response = createRefused(cloudFormation(LocalCloud.AWS_ACCOUNT_ID, caller),
            federatedModel(uniqueName()));

        assertFailure(response, "AccessDenied", "The role arn:aws:sts::" + LocalCloud.AWS_ACCOUNT_ID
            + ":assumed-role/AzureBlobStorageContainerExecution/" + caller.accessKeyId(), "sts:GetWebIdentityToken",
            "sts:IdentityTokenAudience = '" + LocalCloud.WEB_IDENTITY_AUDIENCE + "'", "execution-role.yaml");
    }

    @Test
    void noFederatedCredentialForTheIssuerIsInvalidCredentialsNamingTheAccountsIssuer() {
        final String app = appTrusting("https://oidc.example.com/another-account", LocalCloud.CALLER_ROLE_ARN,
            LocalCloud.WEB_IDENTITY_AUDIENCE);

        assertFailure(createAsApp(app), "InvalidCredentials", "AADSTS700211", "issuer",
            "'" + cloud.awsIssuer() + "'", "'" + LocalCloud.CALLER_ROLE_ARN + "'",
            "'" + LocalCloud.WEB_IDENTITY_AUDIENCE + "'", "az ad app federated-credential create --id " + app);
    }

    @Test
    void noFederatedCredentialForTheSubjectIsInvalidCredentialsNamingTheExecutionRole() {
        final String app = appTrusting(cloud.awsIssuer(), "arn:aws:iam::" + LocalCloud.AWS_ACCOUNT_ID
            + ":role/SomeOtherRole", LocalCloud.WEB_IDENTITY_AUDIENCE);

        assertFailure(createAsApp(app), "InvalidCredentials", "AADSTS700213", "subject",
            "'" + LocalCloud.CALLER_ROLE_ARN + "'", "'" + cloud.awsIssuer() + "'");
    }

    @Test
    void noFederatedCredentialForTheAudienceIsInvalidCredentialsNamingTheAudienceAndTheProperty() {
        final String app = appTrusting(cloud.awsIssuer(), LocalCloud.CALLER_ROLE_ARN, "api://cfn-azure-custom");

        assertFailure(createAsApp(app), "InvalidCredentials", "AADSTS700212", "audience",
            "'" + LocalCloud.WEB_IDENTITY_AUDIENCE + "'", "AzureWebIdentityAudience");
    }

    @Test
    void anAppWithoutAnyFederatedCredentialIsInvalidCredentialsSayingWhatToAdd() {
        final String app = UUID.randomUUID().toString();
        cloud.entraId().registerApp(LocalCloud.TENANT_ID, app, UUID.randomUUID().toString());

        assertFailure(createAsApp(app), "InvalidCredentials", "AADSTS70021", "'" + cloud.awsIssuer() + "'",
            "'" + LocalCloud.CALLER_ROLE_ARN + "'", "az ad app federated-credential create --id " + app);
    }

    @Test
    void anExpiredAssertionIsRefusedByEntraAndReportedAsOutsideItsTimeRange() {
        final CallerCredentials caller = cloud.newCallerSession(LocalCloud.CALLER_ROLE_ARN);
        cloud.sts().shiftClock(caller.accessKeyId(), Duration.ofHours(-1));

        final JsonNode response = createRefused(cloudFormation(LocalCloud.AWS_ACCOUNT_ID, caller),
            federatedModel(uniqueName()));

        assertFailure(response, "InvalidCredentials", "AADSTS700024", "outside its valid time range");
    }

    @Test
    void aForgedSignatureIsRefusedByEntraAndReportedAsUnverifiable() {
        final CallerCredentials caller = cloud.newCallerSession(LocalCloud.CALLER_ROLE_ARN);
        cloud.sts().signWithUnpublishedKey(caller.accessKeyId());

        final JsonNode response = createRefused(cloudFormation(LocalCloud.AWS_ACCOUNT_ID, caller),
            federatedModel(uniqueName()));

        assertFailure(response, "InvalidCredentials", "AADSTS700027", "signature", "'" + cloud.awsIssuer() + "'");
    }

    @Test
    void callerCredentialsStsDoesNotRecogniseAreInvalidCredentials() {
        final CallerCredentials stranger = new CallerCredentials("ASIAUNKNOWNCALLER002", "unknownCallerSecretKey",
            "unknownCallerSessionToken");

        final JsonNode response = createRefused(cloudFormation(LocalCloud.AWS_ACCOUNT_ID, stranger),
            federatedModel(uniqueName()));

        assertFailure(response, "InvalidCredentials", "AWS refused the credentials of the role CloudFormation uses "
            + "when asking STS in " + LocalCloud.REGION + " for a web identity token (InvalidClientTokenId).");
    }

    /**
     * Entra ID could not fetch the AWS issuer's discovery document (AADSTS90061): an outage, called back and finished
     * once the issuer answers, not a federated credential to add. The account is one of its own, so that its issuer's
     * outage touches no other test.
     */
    @Test
    void anIssuerEntraIdCannotReachIsAnOutageThatPassesOnceItAnswers() {
        final String accountId = "777788889999";
        final String role = "arn:aws:iam::" + accountId + ":role/AzureBlobStorageContainerExecution";
        final String issuer = cloud.sts().enableFederation(accountId);
        final String app = appTrusting(issuer, role, LocalCloud.WEB_IDENTITY_AUDIENCE);
        final CloudFormationDriver cfn = cloudFormation(accountId, cloud.newCallerSession(role));
        final ObjectNode model = federatedModel(uniqueName()).put("AzureClientId", app);
        final String issuerPath = java.net.URI.create(issuer).getPath();
        cloud.sts().issuerFaults().answer(request -> request.path().startsWith(issuerPath), -1,
            new Faults.Answer(503, "text/html", Map.of(), "<html><body>Service Unavailable</body></html>"));
        final JsonNode outage;
        try {
            outage = cfn.invokeOnce(request("CREATE", model));
        } finally {
            cloud.sts().issuerFaults().clear();
        }

        assertThat(outage.path("status").asText()).as(outage.toString()).isEqualTo("IN_PROGRESS");
        assertThat(outage.path("callbackDelaySeconds").asInt()).isEqualTo(15);
        assertThat(outage.path("message").asText()).contains("AADSTS90061", "could not fetch the discovery "
            + "document or signing keys of '" + issuer + "'", "not a problem with the federated credential")
            .doesNotContain("az ad app");
        final JsonNode created = cfn.invokeOnce(request("CREATE", model)
            .withCallback(outage.get("resourceModel"), outage.get("callbackContext")));
        assertSuccess(created);
        assertSuccess(cfn.invoke(request("DELETE", model.deepCopy()
            .put("ContainerUrl", created.path("resourceModel").path("ContainerUrl").asText()))));
    }

    private static CloudFormationDriver cloudFormation(final String accountId, final CallerCredentials caller) {
        return ProviderOnLocalCloud.cloudFormation(accountId, () -> caller, new StringBuffer());
    }

    /** A full model that signs in as the federated app, with no secret named. */
    private static ObjectNode federatedModel(final String containerName) {
        return model(containerName, SignIn.AWS_WEB_IDENTITY);
    }

    /** The account's defaults when only the identifier reaches the handler (Read, List, Cloud Control API). */
    private static ObjectNode federatedTypeConfiguration() {
        return typeConfiguration(SignIn.AWS_WEB_IDENTITY);
    }

    private String appTrusting(final String issuer, final String subject, final String audience) {
        final String app = UUID.randomUUID().toString();
        cloud.entraId().addFederatedCredential(LocalCloud.TENANT_ID, app,
            new FederatedCredential(issuer, subject, List.of(audience)));
        return app;
    }

    /** A Create that signs in as {@code app}, by a caller of the execution role whom no handler has seen. */
    private JsonNode createAsApp(final String app) {
        return createRefused(cloudFormation(LocalCloud.AWS_ACCOUNT_ID,
                cloud.newCallerSession(LocalCloud.CALLER_ROLE_ARN)),
            federatedModel(uniqueName()).put("AzureClientId", app));
    }

    /** A Create expected to fail: it must not have made the container. */
    private JsonNode createRefused(final CloudFormationDriver cfn, final ObjectNode model) {
        final JsonNode response = cfn.invoke(request("CREATE", model));
        assertThat(cloud.blobServiceClient(LocalCloud.STORAGE_ACCOUNT)
            .getBlobContainerClient(model.path("ContainerName").asText()).exists()).isFalse();
        return response;
    }

    private List<String> listAll(final CloudFormationDriver cfn) {
        final List<String> urls = new ArrayList<>();
        String nextToken = null;
        do {
            final JsonNode page = cfn.invoke(request("LIST", JSON.createObjectNode()
                .put("StorageAccountName", LocalCloud.STORAGE_ACCOUNT))
                .withTypeConfiguration(federatedTypeConfiguration()).withPage(nextToken, null));
            assertSuccess(page);
            page.path("resourceModels").forEach(model -> urls.add(model.path("ContainerUrl").asText()));
            nextToken = page.path("nextToken").isTextual() ? page.path("nextToken").asText() : null;
        } while (nextToken != null);
        return urls;
    }

    private static void assertSuccess(final JsonNode response) {
        assertThat(response.path("status").asText()).as(response.toString()).isEqualTo("SUCCESS");
    }

    private static void assertFailure(final JsonNode response, final String errorCode, final String... messageParts) {
        assertThat(response.path("status").asText()).as(response.toString()).isEqualTo("FAILED");
        assertThat(response.path("errorCode").asText()).as(response.toString()).isEqualTo(errorCode);
        assertThat(response.path("message").asText()).contains(messageParts).doesNotContain("\tat ");
    }
}
