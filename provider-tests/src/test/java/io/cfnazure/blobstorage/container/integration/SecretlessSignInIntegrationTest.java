package io.cfnazure.blobstorage.container.integration;

import static io.cfnazure.blobstorage.container.testbed.ContainerModels.JSON;
import static io.cfnazure.blobstorage.container.testbed.ContainerModels.identifier;
import static io.cfnazure.blobstorage.container.testbed.ContainerModels.model;
import static io.cfnazure.blobstorage.container.testbed.ContainerModels.request;
import static io.cfnazure.blobstorage.container.testbed.ContainerModels.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.blobstorage.container.testbed.ProviderOnLocalCloud;
import io.cfnazure.localcloud.EntraIdStandIn.FederatedCredential;
import io.cfnazure.localcloud.LocalCloud;
import io.cfnazure.localcloud.UsesLocalCloud;
import io.cfnazure.localcloud.cloudformation.CallerCredentials;
import io.cfnazure.localcloud.cloudformation.CloudFormationDriver;
import io.cfnazure.localcloud.cloudformation.HandlerRequest;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Signing in without a secret ({@code AzureAuthentication: AwsWebIdentity}) through the wrapper's real entry point,
 * against the real chain: the caller's credentials → the STS stand-in (SigV4 checked, the Region's endpoint) → an
 * RS256 web identity token → azure-identity's client assertion → the Entra ID stand-in, which checks it against the
 * app's federated identity credential and the issuer's published keys → Azurite. Secrets Manager is never asked.
 * <p>
 * Each test signs in as a caller of its own ({@link LocalCloud#newCallerSession}), because the handler's caches are
 * per caller, and compares the shared local cloud's counters before and after. The last test scans every log line,
 * every answer and all this JVM printed during the others for a token or a secret.
 */
@UsesLocalCloud
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecretlessSignInIntegrationTest {

    private static final String AWS_WEB_IDENTITY = "AwsWebIdentity";
    private static final String OTHER_ACCOUNT_ID = "444455556666";
    /**
     * Every log line and answer of this class's invocations, and what this JVM printed meanwhile (the SDKs' own
     * loggers write to standard output), for the last test's scan.
     */
    private static final StringBuffer HANDLER_LOG = new StringBuffer();
    private static final ByteArrayOutputStream PROCESS_OUTPUT = new ByteArrayOutputStream();
    private static PrintStream standardOutput;
    private static PrintStream standardError;
    private static final List<JsonNode> ANSWERS = Collections.synchronizedList(new ArrayList<>());
    private static final List<CallerCredentials> CALLERS = Collections.synchronizedList(new ArrayList<>());

    private LocalCloud cloud;

    @BeforeAll
    static void captureProcessOutput() {
        standardOutput = System.out;
        standardError = System.err;
        System.setOut(tee(standardOutput));
        System.setErr(tee(standardError));
    }

    @AfterAll
    static void restoreProcessOutput() {
        System.setOut(standardOutput);
        System.setErr(standardError);
    }

    @BeforeEach
    void setUp(final LocalCloud localCloud) {
        cloud = localCloud;
    }

    @Test
    void createReadUpdateListAndDeleteTakeOneAwsTokenAndOneEntraTokenAndNoSecret() {
        final CallerCredentials caller = newCaller(LocalCloud.CALLER_ROLE_ARN);
        final CloudFormationDriver cfn = cloudFormation(LocalCloud.AWS_ACCOUNT_ID, caller);
        final int secretsManagerRequests = cloud.secretsManager().requests();
        final int entraTokens = cloud.entraId().tokenRequests(LocalCloud.FEDERATED_CLIENT_ID);
        final String name = uniqueName();
        final BlobContainerClient azure = cloud.blobServiceClient(LocalCloud.STORAGE_ACCOUNT)
            .getBlobContainerClient(name);

        final ObjectNode created = federatedModel(name);
        final JsonNode create = invoke(cfn, request("CREATE", created));
        assertSuccess(create);
        final String url = create.path("resourceModel").path("ContainerUrl").asText();
        assertThat(azure.getProperties().getMetadata()).containsEntry("purpose", "contract-test");

        final JsonNode read = invoke(cfn, request("READ", identifier(url))
            .withTypeConfiguration(federatedTypeConfiguration()));
        assertSuccess(read);
        assertThat(read.path("resourceModel").path("Metadata").path("purpose").asText()).isEqualTo("contract-test");

        final ObjectNode updated = federatedModel(name);
        updated.putObject("Metadata").put("purpose", "dr-copy");
        assertSuccess(invoke(cfn, request("UPDATE", updated).withPrevious(created)));
        assertThat(azure.getProperties().getMetadata()).isEqualTo(Map.of("purpose", "dr-copy"));

        assertThat(listAll(cfn)).contains(url);

        assertSuccess(invoke(cfn, request("DELETE", updated.deepCopy().put("ContainerUrl", url))));
        assertThat(azure.exists()).isFalse();

        assertThat(cloud.secretsManager().requests()).as("Secrets Manager requests").isEqualTo(secretsManagerRequests);
        assertThat(cloud.sts().tokensIssued(caller.accessKeyId())).as("AWS web identity tokens").isEqualTo(1);
        assertThat(cloud.entraId().tokenRequests(LocalCloud.FEDERATED_CLIENT_ID)).as("Entra ID tokens")
            .isEqualTo(entraTokens + 1);
    }

    @Test
    void anotherCallerOfTheSameRoleGetsItsOwnTokensOnce() {
        final CallerCredentials caller = newCaller(LocalCloud.CALLER_ROLE_ARN);
        final CloudFormationDriver cfn = cloudFormation(LocalCloud.AWS_ACCOUNT_ID, caller);
        final int entraTokens = cloud.entraId().tokenRequests(LocalCloud.FEDERATED_CLIENT_ID);
        final String name = uniqueName();
        final HandlerRequest read = request("READ", identifier("https://cfnlocalstore01.blob.core.windows.net/"
            + name)).withTypeConfiguration(federatedTypeConfiguration());

        for (int i = 0; i < 3; i++) {
            assertFailure(invoke(cfn, read), "NotFound", name);
        }

        assertThat(cloud.sts().tokensIssued(caller.accessKeyId())).isEqualTo(1);
        assertThat(cloud.entraId().tokenRequests(LocalCloud.FEDERATED_CLIENT_ID)).isEqualTo(entraTokens + 1);
    }

    @Test
    void aCustomAudienceThatTheCredentialNamesSignsIn() {
        final String app = appTrusting(cloud.awsIssuer(), LocalCloud.CALLER_ROLE_ARN, "api://cfn-azure-custom");
        final CloudFormationDriver cfn = cloudFormation(LocalCloud.AWS_ACCOUNT_ID, newCaller(LocalCloud.CALLER_ROLE_ARN));
        final ObjectNode model = federatedModel(uniqueName()).put("AzureClientId", app)
            .put("AzureWebIdentityAudience", "api://cfn-azure-custom");

        final JsonNode create = invoke(cfn, request("CREATE", model));

        assertSuccess(create);
        assertSuccess(invoke(cfn, request("DELETE", model.deepCopy()
            .put("ContainerUrl", create.path("resourceModel").path("ContainerUrl").asText()))));
        assertThat(cloud.entraId().tokenRequests(app)).isEqualTo(1);
    }

    @Test
    void anAccountWithoutOutboundFederationIsInvalidRequestNamingTheOneTimeStep() {
        final CallerCredentials caller = newCaller("arn:aws:iam::" + OTHER_ACCOUNT_ID
            + ":role/AzureBlobStorageContainerExecution");

        final JsonNode response = createRefused(cloudFormation(OTHER_ACCOUNT_ID, caller), federatedModel(uniqueName()));

        assertFailure(response, "InvalidRequest", "not enabled in AWS account " + OTHER_ACCOUNT_ID,
            "aws iam enable-outbound-web-identity-federation", "aws iam get-outbound-web-identity-federation-info");
        assertThat(cloud.sts().tokensIssued(caller.accessKeyId())).isZero();
    }

    @Test
    void aRoleWithoutStsGetWebIdentityTokenIsAccessDeniedNamingTheRoleAndThePermission() {
        final CallerCredentials caller = newCaller(LocalCloud.CALLER_ROLE_ARN);
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
        final CallerCredentials caller = newCaller(LocalCloud.CALLER_ROLE_ARN);
        cloud.sts().shiftClock(caller.accessKeyId(), Duration.ofHours(-1));

        final JsonNode response = createRefused(cloudFormation(LocalCloud.AWS_ACCOUNT_ID, caller),
            federatedModel(uniqueName()));

        assertFailure(response, "InvalidCredentials", "AADSTS700024", "outside its valid time range");
    }

    @Test
    void aForgedSignatureIsRefusedByEntraAndReportedAsUnverifiable() {
        final CallerCredentials caller = newCaller(LocalCloud.CALLER_ROLE_ARN);
        cloud.sts().signWithUnpublishedKey(caller.accessKeyId());

        final JsonNode response = createRefused(cloudFormation(LocalCloud.AWS_ACCOUNT_ID, caller),
            federatedModel(uniqueName()));

        assertFailure(response, "InvalidCredentials", "AADSTS700027", "signature", "'" + cloud.awsIssuer() + "'");
    }

    /**
     * Last: no AWS web identity token, Entra ID access token, client secret or caller credential in any log line or
     * answer of the tests above, whole or in part (a JWT's payload or signature alone is still a leak).
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void noTokenOrSecretAppearsInAnyLogLineOrAnswer() {
        assertThat(cloud.sts().issuedTokens()).as("AWS tokens were issued, so the scan can find them").isNotEmpty();
        assertThat(ANSWERS).as("answers to scan").hasSizeGreaterThan(10);
        assertThat(HANDLER_LOG.toString()).as("log lines to scan").contains("AADSTS700211");
        assertThat(PROCESS_OUTPUT.size()).as("process output to scan").isPositive();
        final List<String> secrets = new ArrayList<>();
        Stream.concat(cloud.sts().issuedTokens().stream(), cloud.entraId().issuedAccessTokens().stream())
            .forEach(jwt -> {
                secrets.add(jwt);
                final String[] parts = jwt.split("\\.");
                secrets.add(parts[1]);
                secrets.add(parts[2]);
            });
        secrets.add(LocalCloud.CLIENT_SECRET);
        CALLERS.forEach(caller -> {
            secrets.add(caller.secretAccessKey());
            secrets.add(caller.sessionToken());
        });

        final List<String> texts = new ArrayList<>(HANDLER_LOG.toString().lines().toList());
        ANSWERS.forEach(answer -> texts.add(answer.toString()));
        synchronized (PROCESS_OUTPUT) {
            texts.addAll(PROCESS_OUTPUT.toString(StandardCharsets.UTF_8).lines().toList());
        }
        for (final String text : texts) {
            for (final String secret : secrets) {
                assertThat(text.contains(secret)).as("a token or secret in: %s", text.replace(secret, "<LEAKED>"))
                    .isFalse();
            }
        }
    }

    /** Prints to {@code original} and keeps a copy in {@link #PROCESS_OUTPUT}. */
    private static PrintStream tee(final PrintStream original) {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(final int b) {
                original.write(b);
                synchronized (PROCESS_OUTPUT) {
                    PROCESS_OUTPUT.write(b);
                }
            }

            @Override
            public void write(final byte[] bytes, final int offset, final int length) {
                original.write(bytes, offset, length);
                synchronized (PROCESS_OUTPUT) {
                    PROCESS_OUTPUT.write(bytes, offset, length);
                }
            }
        }, true, StandardCharsets.UTF_8);
    }

    private CallerCredentials newCaller(final String roleArn) {
        final CallerCredentials caller = cloud.newCallerSession(roleArn);
        CALLERS.add(caller);
        return caller;
    }

    private static CloudFormationDriver cloudFormation(final String accountId, final CallerCredentials caller) {
        return ProviderOnLocalCloud.cloudFormation(accountId, () -> caller, HANDLER_LOG);
    }

    private static JsonNode invoke(final CloudFormationDriver cfn, final HandlerRequest request) {
        final JsonNode answer = cfn.invoke(request, ANSWERS::add);
        ANSWERS.add(answer);
        return answer;
    }

    /** A full model that signs in as the federated app, with no secret named. */
    private static ObjectNode federatedModel(final String containerName) {
        final ObjectNode model = model(containerName);
        model.remove("AzureClientSecretName");
        return model.put("AzureClientId", LocalCloud.FEDERATED_CLIENT_ID).put("AzureAuthentication", AWS_WEB_IDENTITY);
    }

    /** The account's defaults when only the identifier reaches the handler (Read, List, Cloud Control API). */
    private static ObjectNode federatedTypeConfiguration() {
        final ObjectNode configuration = JSON.createObjectNode();
        configuration.putObject("AzureCredentials")
            .put("TenantId", LocalCloud.TENANT_ID)
            .put("ClientId", LocalCloud.FEDERATED_CLIENT_ID)
            .put("Authentication", AWS_WEB_IDENTITY);
        return configuration;
    }

    private String appTrusting(final String issuer, final String subject, final String audience) {
        final String app = UUID.randomUUID().toString();
        cloud.entraId().addFederatedCredential(LocalCloud.TENANT_ID, app,
            new FederatedCredential(issuer, subject, List.of(audience)));
        return app;
    }

    /** A Create that signs in as {@code app}, by a caller of the execution role whom no handler has seen. */
    private JsonNode createAsApp(final String app) {
        return createRefused(cloudFormation(LocalCloud.AWS_ACCOUNT_ID, newCaller(LocalCloud.CALLER_ROLE_ARN)),
            federatedModel(uniqueName()).put("AzureClientId", app));
    }

    /** A Create expected to fail: it must not have made the container. */
    private JsonNode createRefused(final CloudFormationDriver cfn, final ObjectNode model) {
        final JsonNode response = invoke(cfn, request("CREATE", model));
        assertThat(cloud.blobServiceClient(LocalCloud.STORAGE_ACCOUNT)
            .getBlobContainerClient(model.path("ContainerName").asText()).exists()).isFalse();
        return response;
    }

    private List<String> listAll(final CloudFormationDriver cfn) {
        final List<String> urls = new ArrayList<>();
        String nextToken = null;
        do {
            final JsonNode page = invoke(cfn, request("LIST", JSON.createObjectNode()
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
