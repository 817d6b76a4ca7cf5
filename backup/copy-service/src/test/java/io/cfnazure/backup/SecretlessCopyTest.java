package io.cfnazure.backup;

import static io.cfnazure.backup.CopyEndToEndTest.blobSha256;
import static io.cfnazure.backup.CopyEndToEndTest.bytes;
import static io.cfnazure.backup.CopyEndToEndTest.deliver;
import static io.cfnazure.backup.CopyEndToEndTest.put;
import static io.cfnazure.backup.CopyEndToEndTest.sha256;
import static io.cfnazure.backup.CopyEndToEndTest.sqsHandler;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import io.cfnazure.backup.testbed.BackupTestBed;
import io.cfnazure.backup.testbed.S3Events;
import io.cfnazure.backup.testbed.SqsQueue;
import io.cfnazure.backup.testbed.StandardOutput;
import io.cfnazure.localcloud.EntraIdStandIn;
import io.cfnazure.localcloud.LocalCloud;
import io.cfnazure.localcloud.UsesLocalCloud;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The copy service signing in with no secret (AZURE_AUTHENTICATION AwsWebIdentity): its role's AWS web identity token
 * from the STS stand-in, presented to the Entra ID stand-in as the client assertion of the app whose federated
 * identity credential trusts that role; the provider's sign-in code, with the function's setting names in its advice.
 */
@UsesLocalCloud
class SecretlessCopyTest {

    private static BackupTestBed bed;
    private final StandardOutput output = new StandardOutput();
    private String containerName;
    private BlobContainerClient container;

    @BeforeAll
    static void startTestBed() {
        CopyEndToEndTest.startTestBed();
        bed = CopyEndToEndTest.bed;
    }

    @BeforeEach
    void createContainer() {
        containerName = "secretless-" + UUID.randomUUID().toString().substring(0, 8);
        container = bed.createContainer(containerName);
    }

    @AfterEach
    void noTokenOrSecretIsInTheFunctionsOutputAndTheContainerGoes() {
        final String logs = output.text();
        bed.cloud().secretsAndTokens().forEach(secret -> assertThat(logs).doesNotContain(secret));
        container.delete();
    }

    @Test
    void objectsArriveWithNoSecretReadAndOneAwsTokenAndOneEntraTokenPerWarmFunction() throws Exception {
        final int secretReads = bed.cloud().secretsManager().requests();
        final int awsTokens = bed.cloud().sts().tokensIssued(bed.functionAccessKeyId());
        final int entraTokens = bed.cloud().entraId().tokenRequests(LocalCloud.FEDERATED_CLIENT_ID);
        final SqsCopyHandler handler = output.during(
            () -> sqsHandler(bed.functionEnvironmentWithoutSecret(containerName)));
        final SqsQueue queue = new SqsQueue(3);
        final byte[] first = bytes(3000, 61);
        final byte[] second = bytes(5000, 62);

        queue.send(S3Events.created(CopyEndToEndTest.bucket, "secretless/first.bin", first.length,
            put("secretless/first.bin", first)));
        assertThat(output.during(() -> deliver(queue, handler))).isEmpty();
        queue.send(S3Events.created(CopyEndToEndTest.bucket, "secretless/second.bin", second.length,
            put("secretless/second.bin", second)));
        assertThat(output.during(() -> deliver(queue, handler))).isEmpty();

        assertThat(blobSha256(container, "secretless/first.bin")).isEqualTo(sha256(first));
        assertThat(blobSha256(container, "secretless/second.bin")).isEqualTo(sha256(second));
        assertThat(bed.cloud().secretsManager().requests()).as("Secrets Manager requests").isEqualTo(secretReads);
        assertThat(bed.cloud().sts().tokensIssued(bed.functionAccessKeyId())).as("AWS tokens")
            .isEqualTo(awsTokens + 1);
        assertThat(bed.cloud().entraId().tokenRequests(LocalCloud.FEDERATED_CLIENT_ID)).as("Entra ID tokens")
            .isEqualTo(entraTokens + 1);
    }

    @Test
    void anAccountWithoutOutboundFederationFailsEachItemNamingTheOneTimeStepUntilItIsEnabled() throws Exception {
        final SqsQueue queue = new SqsQueue(3);
        final byte[] content = bytes(2000, 63);
        final String messageId = queue.send(S3Events.created(CopyEndToEndTest.bucket, "secretless/later.bin",
            content.length, put("secretless/later.bin", content)));
        final SqsCopyHandler handler = output.during(
            () -> sqsHandler(bed.functionEnvironmentWithoutSecret(containerName)));
        bed.cloud().sts().disableFederation(LocalCloud.AWS_ACCOUNT_ID);
        final List<String> failed;
        try {
            failed = output.during(() -> deliver(queue, handler));
        } finally {
            bed.cloud().sts().enableFederation(LocalCloud.AWS_ACCOUNT_ID);
        }

        assertThat(failed).containsExactly(messageId);
        assertThat(output.text())
            .contains("aws iam enable-outbound-web-identity-federation", "AZURE_AUTHENTICATION AwsWebIdentity",
                "\"failure\":\"permanent\"")
            .doesNotContain("AzureAuthentication", "CloudFormation");
        assertThat(output.during(() -> deliver(queue, handler))).as("%s", output).isEmpty();
        assertThat(blobSha256(container, "secretless/later.bin")).isEqualTo(sha256(content));
    }

    @Test
    void anAudienceTheRolesPolicyDoesNotAllowIsRefusedByStsNamingTheRoleAndThePermission() {
        final Map<String, String> environment = new HashMap<>(bed.functionEnvironmentWithoutSecret(containerName));
        environment.put("AZURE_WEB_IDENTITY_AUDIENCE", "api://not-allowed-by-the-role");

        final String logs = refusedCopy(environment, "secretless/audience-refused.bin");

        assertThat(logs).contains("The role arn:aws:sts::" + LocalCloud.AWS_ACCOUNT_ID + ":assumed-role/",
                "may not call sts:GetWebIdentityToken", "'api://not-allowed-by-the-role'",
                "the S3ToAzureBackupService construct")
            .doesNotContain("execution-role.yaml", "CloudFormation");
    }

    @Test
    void anAppThatTrustsAnotherRoleIsRefusedByEntraNamingTheFunctionsRoleAsTheSubjectToAdd() {
        final String clientId = UUID.randomUUID().toString();
        bed.cloud().entraId().addFederatedCredential(LocalCloud.TENANT_ID, clientId,
            new EntraIdStandIn.FederatedCredential(bed.cloud().awsIssuer(),
                "arn:aws:iam::" + LocalCloud.AWS_ACCOUNT_ID + ":role/SomeOtherRole",
                List.of(LocalCloud.WEB_IDENTITY_AUDIENCE)));
        final Map<String, String> environment = new HashMap<>(bed.functionEnvironmentWithoutSecret(containerName));
        environment.put("AZURE_CLIENT_ID", clientId);

        final String logs = refusedCopy(environment, "secretless/subject-refused.bin");

        assertThat(logs).contains("AADSTS700213", "'" + LocalCloud.CALLER_ROLE_ARN + "' (the function's role)",
                "az ad app federated-credential create --id " + clientId)
            .doesNotContain("AzureClientId", "CloudFormation");
    }

    /** Delivers one new object's event to a function of {@code environment}; it must fail. Returns the output. */
    private String refusedCopy(final Map<String, String> environment, final String key) {
        final SqsCopyHandler handler = output.during(() -> sqsHandler(environment));
        final SqsQueue queue = new SqsQueue(3);
        final String messageId = queue.send(S3Events.created(CopyEndToEndTest.bucket, key, 10,
            put(key, bytes(10, 64))));

        assertThat(output.during(() -> deliver(queue, handler))).containsExactly(messageId);
        assertThat(container.getBlobClient(key).exists()).isFalse();
        return output.text();
    }
}
