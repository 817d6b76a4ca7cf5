package io.cfnazure.blobstorage.container.localrunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.ListBlobContainersOptions;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.localcloud.AzureFaultProxy;
import io.cfnazure.localcloud.LocalCloud;
import io.cfnazure.localcloud.UsesLocalCloud;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The runner plays whole stack lifecycles with the real handler against the local cloud; Azure's state is checked
 * independently, through the test bed's own client.
 */
@UsesLocalCloud
class StackLifecycleTest {

    private static final ResourceSchema SCHEMA = ResourceSchema.load();
    private static final String ACCOUNT = LocalCloud.STORAGE_ACCOUNT;
    /** The provider's examples: Maven runs these tests in local-runner/, beside it. */
    private static final Path EXAMPLES = Path.of("..", "examples");

    private static LocalCloud cloud;
    private static BlobServiceClient azure;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final MemoryStackStore store = new MemoryStackStore();
    private Runner runner;
    /** Unique per test: the tests share the storage account with each other and with other test classes. */
    private String stack;

    @BeforeAll
    static void startTheLocalCloud(final LocalCloud shared) {
        cloud = shared;
        azure = cloud.blobServiceClient(ACCOUNT);
    }

    @BeforeEach
    void newRunner() {
        stack = "lrt" + UUID.randomUUID().toString().substring(0, 8);
        runner = new Runner(SCHEMA, Target.local(cloud), store,
            new EventPrinter(new PrintStream(output, true, StandardCharsets.UTF_8), Clock.systemUTC()), null, false);
    }

    @Test
    void deployUpdateReplaceAndDeleteTheExampleStack() {
        assertThat(deployExample("backup-container.yaml")).isTrue();
        final String backup = containerName("BackupContainer");
        assertThat(backup).startsWith(stack + "-backupcontainer-");
        assertThat(containerName("RestoreDrills")).isEqualTo(stack + "-restore-drills");
        assertThat(metadata(backup)).containsEntry("purpose", "disaster_recovery")
            .containsEntry("source_bucket", "acme-prod-backups").containsEntry("stack", stack)
            .doesNotContainKey("retention_days");
        assertThat(metadata(stack + "-restore-drills")).containsEntry("restores_from", backup);

        assertThat(deployExample("backup-container-v2.yaml")).isTrue();
        assertThat(containerName("BackupContainer")).as("updated in place").isEqualTo(backup);
        assertThat(metadata(backup)).containsEntry("retention_days", "35");
        assertThat(containerName("RestoreDrills")).isEqualTo(stack + "-drills");
        assertThat(container(stack + "-drills").exists()).isTrue();
        assertThat(container(stack + "-restore-drills").exists()).as("replaced, so deleted").isFalse();
        assertThat(output()).contains(ResourceOperations.REPLACEMENT_REASON, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS");
        assertThat(output().indexOf(stack + "-drills"))
            .as("the replacement is created before the original is deleted")
            .isLessThan(output().indexOf("DELETE_IN_PROGRESS"));

        assertThat(runner.describe(stack, null, null, Map.of())).isTrue();
        assertThat(output()).contains("Stack drift status: IN_SYNC");

        assertThat(runner.delete(stack)).isTrue();
        assertThat(container(backup).exists()).isFalse();
        assertThat(container(stack + "-drills").exists()).isFalse();
        assertThat(store.stackNames()).doesNotContain(stack);
    }

    @Test
    void deployingTheSameTemplateAgainChangesNothing() {
        assertThat(deployExample("backup-container.yaml")).isTrue();
        final String before = output();

        assertThat(deployExample("backup-container.yaml")).isTrue();

        assertThat(output().substring(before.length())).startsWith("No changes to deploy.");
        runner.delete(stack);
    }

    @Test
    void describeReportsDriftWhenSomeoneChangesAContainerOutsideTheStack() {
        assertThat(deployExample("backup-container.yaml")).isTrue();
        container(stack + "-restore-drills").setMetadata(Map.of("purpose", "changed_by_hand"));

        assertThat(runner.describe(stack, null, null, Map.of())).isFalse();

        assertThat(output()).containsPattern("RestoreDrills +MODIFIED")
            .contains("Metadata: template {\"purpose\":\"restore_drill\"")
            .containsPattern("BackupContainer +IN_SYNC")
            .contains("Stack drift status: DRIFTED");
        runner.delete(stack);
    }

    @Test
    void aFailedCreateRollsBackWhatTheDeployCreated() {
        final boolean deployed = deploy("failing-create.yaml", """
            Resources:
              First:
                Type: Azure::BlobStorage::Container
                Properties:
                  %s
                  ContainerName: !Sub "${AWS::StackName}-first"
              Second:
                Type: Azure::BlobStorage::Container
                DependsOn: First
                Properties:
                  StorageAccountName: %s
                  AzureTenantId: %s
                  AzureClientId: %s
                  AzureClientSecretName: no/such/secret
            """.formatted(credentials(), ACCOUNT, LocalCloud.TENANT_ID, LocalCloud.CLIENT_ID));

        assertThat(deployed).isFalse();
        assertThat(output()).containsPattern("CREATE_FAILED +Second .*HandlerErrorCode: InvalidRequest")
            .contains("ROLLBACK_IN_PROGRESS", "The following resource(s) failed to create: [Second].")
            .containsPattern("DELETE_COMPLETE +First")
            .contains("ROLLBACK_COMPLETE");
        assertThat(container(stack + "-first").exists()).isFalse();
        assertThat(store.stackNames()).doesNotContain(stack);
    }

    @Test
    void aCustomNamedContainerIsNotReplacedAndTheWholeUpdateRollsBack() {
        final String template = """
            Parameters:
              Deny: {Type: String, Default: "false"}
              Purpose: {Type: String, Default: first}
            Resources:
              Plain:
                Type: Azure::BlobStorage::Container
                Properties:
                  %s
                  Metadata: {purpose: !Ref Purpose}
              Named:
                Type: Azure::BlobStorage::Container
                DependsOn: Plain
                Properties:
                  %s
                  ContainerName: !Sub "${AWS::StackName}-named"
                  DenyEncryptionScopeOverride: !Ref Deny
            """.formatted(credentials(), credentials());
        assertThat(deploy("custom-named.yaml", template)).isTrue();
        final String plain = containerName("Plain");

        final boolean updated = runner.deploy(TemplateFiles.write("custom-named.yaml", template), "custom-named.yaml",
            stack, Map.of("Deny", "true", "Purpose", "second"));

        assertThat(updated).isFalse();
        assertThat(output()).containsPattern("UPDATE_FAILED +Named .*CloudFormation cannot update a stack when a "
                + "custom-named resource requires replacing. Rename " + stack + "-named")
            .contains("UPDATE_ROLLBACK_COMPLETE");
        assertThat(metadata(plain)).as("the update of Plain is rolled back").containsEntry("purpose", "first");
        assertThat(container(stack + "-named").exists()).isTrue();
        runner.delete(stack);
    }

    @Test
    void badInputIsRefusedBeforeAnythingIsCreated() {
        assertThatThrownBy(() -> deploy("bad-second.yaml", """
            Resources:
              Good:
                Type: Azure::BlobStorage::Container
                Properties:
                  %s
              Bad:
                Type: Azure::BlobStorage::Container
                Properties:
                  %s
                  ContainerName: Not_A_Valid_Name
            """.formatted(credentials(), credentials())))
            .isInstanceOf(InputException.class)
            .hasMessageContaining("bad-second.yaml: Resources.Bad.Properties.ContainerName: 'Not_A_Valid_Name' does "
                + "not match the pattern");

        assertThat(output()).isEmpty();
        assertThat(azure.listBlobContainers(new ListBlobContainersOptions().setPrefix(stack), null)).isEmpty();
        assertThat(store.stackNames()).doesNotContain(stack);
    }

    @Test
    void listPagesThroughTheStorageAccount() {
        assertThat(deployExample("backup-container.yaml")).isTrue();

        final List<String> urls = runner.list(ACCOUNT, 1).orElseThrow().stream()
            .map(model -> model.path("ContainerUrl").asText()).toList();

        assertThat(urls).contains(physicalId("BackupContainer"), physicalId("RestoreDrills"));
        assertThat(output()).contains("page 2:");
        runner.delete(stack);
    }

    @Test
    void aCreateThatMustWaitForAzureIsCalledBackUntilItCompletes() {
        // Azure blocks a recently deleted container's name for a while; the proxy plays that once, Azurite never does.
        final String clientId = UUID.randomUUID().toString();
        final String clientSecret = UUID.randomUUID().toString();
        final String secretName = "localrunner/proxied-app-" + clientId.substring(0, 8);
        cloud.entraId().registerApp(LocalCloud.TENANT_ID, clientId, clientSecret);
        cloud.secretsManager().putSecret(secretName, clientSecret);
        final String name = stack + "-reused";
        final String endpoint = System.getProperty("cfnazure.test.blobEndpoint");
        try (AzureFaultProxy proxy = AzureFaultProxy.start(cloud.azurite())) {
            proxy.blockContainerName(name, 1);
            // A client set of its own, so the handler builds clients that go through the proxy.
            System.setProperty("cfnazure.test.blobEndpoint", proxy.blobEndpointTemplate());

            assertThat(deploy("blocked-name.yaml", """
                Resources:
                  Reused:
                    Type: Azure::BlobStorage::Container
                    Properties:
                      StorageAccountName: %s
                      AzureTenantId: %s
                      AzureClientId: %s
                      AzureClientSecretName: %s
                      ContainerName: %s
                """.formatted(ACCOUNT, LocalCloud.TENANT_ID, clientId, secretName, name))).isTrue();

            assertThat(output()).containsPattern("CREATE_IN_PROGRESS +Reused .*Waiting for Azure to release the name")
                .containsPattern("CREATE_COMPLETE +Reused .*" + name);
            assertThat(container(name).exists()).isTrue();
            assertThat(runner.delete(stack)).isTrue();
        } finally {
            System.setProperty("cfnazure.test.blobEndpoint", endpoint);
        }
    }

    private boolean deployExample(final String template) {
        return runner.deploy(EXAMPLES.resolve(template), "examples/" + template, stack, Map.of());
    }

    private boolean deploy(final String name, final String yaml) {
        return runner.deploy(TemplateFiles.write(name, yaml), name, stack, Map.of());
    }

    /** The properties that reach the local cloud, as YAML lines at the indentation of a resource's properties. */
    private static String credentials() {
        return String.join("\n      ", "StorageAccountName: " + ACCOUNT, "AzureTenantId: " + LocalCloud.TENANT_ID,
            "AzureClientId: " + LocalCloud.CLIENT_ID, "AzureClientSecretName: " + LocalCloud.SECRET_NAME);
    }

    private String physicalId(final String logicalId) {
        return store.load(stack).orElseThrow().resources().get(logicalId).physicalId();
    }

    private String containerName(final String logicalId) {
        final ObjectNode attributes = store.load(stack).orElseThrow().resources().get(logicalId).attributes();
        return attributes.path("ContainerName").asText();
    }

    private static BlobContainerClient container(final String name) {
        return azure.getBlobContainerClient(name);
    }

    private static Map<String, String> metadata(final String container) {
        return container(container).getProperties().getMetadata();
    }

    private String output() {
        return output.toString(StandardCharsets.UTF_8);
    }
}
