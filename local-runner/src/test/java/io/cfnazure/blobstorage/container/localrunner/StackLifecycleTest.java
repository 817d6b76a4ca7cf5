package io.cfnazure.blobstorage.container.localrunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobContainerItem;
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

    private static final ResourceTypes TYPES = ResourceTypes.load();
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
        runner = new Runner(TYPES, Target.local(cloud), store,
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
    void theDrExamplesPlayConditionsMappingsRetainAndExportsAndTheDrContainerOutlivesItsStack() {
        final String dr = stack + "-dr";
        final String drills = stack + "-drills";
        final String exportName = dr + "-DrContainerUrl";

        assertThat(deployExample("dr-container.yaml", dr, Map.of("Environment", "prod"))).isTrue();
        final String drContainer = containerName(dr, "DrContainer");
        final String archive = containerName(dr, "ArchiveContainer");
        try {
            assertThat(metadata(drContainer)).as("Fn::FindInMap and Fn::If").containsEntry("environment", "prod")
                .containsEntry("retention_days", "365").containsEntry("on_call", "storage_team");
            assertThat(metadata(archive)).as("created: its condition holds").containsEntry("archives", drContainer);
            assertThat(store.load(dr).orElseThrow().exports()).containsExactly(Map.entry(exportName,
                physicalId(dr, "DrContainer")));
            assertThat(output()).contains("(export " + exportName + ")");

            assertThat(deployExample("dr-restore-drills.yaml", drills, Map.of("DrStackName", dr))).isTrue();
            assertThat(metadata(containerName(drills, "RestoreDrills")))
                .containsEntry("restores_from", physicalId(dr, "DrContainer"));

            assertThatThrownBy(() -> runner.delete(dr)).isInstanceOf(InputException.class)
                .hasMessage("Stack " + dr + ": Export " + exportName + " cannot be deleted as it is in use by " + drills);
            assertThat(store.load(dr).orElseThrow().resources()).containsOnlyKeys("DrContainer", "ArchiveContainer");

            assertThat(deployExample("dr-container.yaml", dr, Map.of("Environment", "dev"))).isTrue();
            assertThat(store.load(dr).orElseThrow().resources()).as("its condition turned false")
                .containsOnlyKeys("DrContainer");
            assertThat(output()).containsPattern("DELETE_SKIPPED +ArchiveContainer .*" + archive
                + " \\(DeletionPolicy RetainExceptOnCreate: left in Azure, no longer part of the stack\\)");
            assertThat(container(archive).exists()).as("retained: this deploy did not create it").isTrue();
            assertThat(metadata(drContainer)).containsEntry("retention_days", "7").doesNotContainKey("on_call");

            assertThat(runner.delete(drills)).isTrue();
            assertThat(runner.delete(dr)).isTrue();
            assertThat(output()).containsPattern("DELETE_SKIPPED +DrContainer .*DeletionPolicy Retain: left in Azure")
                .containsPattern("DELETE_COMPLETE +" + dr + " ");
            assertThat(container(drContainer).exists()).as("Retain: the DR container survives its stack").isTrue();
            assertThat(metadata(drContainer)).containsEntry("environment", "dev");
            assertThat(store.stackNames()).doesNotContain(dr, drills);
        } finally {
            deleteRetained(drContainer, archive);
        }
    }

    @Test
    void conditionsCreateAndDeleteOnUpdateWhileRetainKeepsWhatTheStackLetsGo() {
        final String template = """
            Parameters:
              WithExtra: {Type: String, AllowedValues: ["true", "false"], Default: "false"}
              Generation: {Type: String, Default: "1"}
            Conditions:
              HasExtra: !Equals [!Ref WithExtra, "true"]
            Resources:
              Extra:
                Type: Azure::BlobStorage::Container
                Condition: HasExtra
                Properties:
                  %1$s
                  ContainerName: !Sub "${AWS::StackName}-extra"
              Parked:
                Type: Azure::BlobStorage::Container
                Condition: HasExtra
                DeletionPolicy: Retain
                Properties:
                  %1$s
                  ContainerName: !Sub "${AWS::StackName}-parked"
              Kept:
                Type: Azure::BlobStorage::Container
                UpdateReplacePolicy: Retain
                Properties:
                  %1$s
                  ContainerName: !Sub "${AWS::StackName}-kept-${Generation}"
            """.formatted(credentials());
        try {
            assertThat(deploy("conditional.yaml", template)).isTrue();
            assertThat(containers(stack)).containsExactly(stack + "-kept-1");

            assertThat(deploy("conditional.yaml", template, stack, Map.of("WithExtra", "true"))).isTrue();
            assertThat(containers(stack)).as("the condition turned true: created")
                .containsExactlyInAnyOrder(stack + "-extra", stack + "-parked", stack + "-kept-1");

            assertThat(deploy("conditional.yaml", template, stack, Map.of("Generation", "2"))).isTrue();
            assertThat(output()).containsPattern("DELETE_COMPLETE +Extra ")
                .containsPattern("DELETE_SKIPPED +Parked .*DeletionPolicy Retain")
                .containsPattern("DELETE_SKIPPED +Kept .*" + stack + "-kept-1 \\(UpdateReplacePolicy Retain");
            assertThat(containers(stack)).as("Extra deleted; Parked and the replaced Kept retained")
                .containsExactlyInAnyOrder(stack + "-parked", stack + "-kept-1", stack + "-kept-2");
            assertThat(store.load(stack).orElseThrow().resources()).containsOnlyKeys("Kept");

            assertThat(runner.delete(stack)).isTrue();
            assertThat(containers(stack)).containsExactlyInAnyOrder(stack + "-parked", stack + "-kept-1");
        } finally {
            deleteRetained(stack + "-parked", stack + "-kept-1");
        }
    }

    @Test
    void aRolledBackCreateKeepsRetainButNotRetainExceptOnCreate() {
        try {
            final boolean deployed = deploy("rolled-back.yaml", """
                Resources:
                  Kept:
                    Type: Azure::BlobStorage::Container
                    DeletionPolicy: Retain
                    Properties:
                      %1$s
                      ContainerName: !Sub "${AWS::StackName}-kept"
                  NotKept:
                    Type: Azure::BlobStorage::Container
                    DeletionPolicy: RetainExceptOnCreate
                    Properties:
                      %1$s
                      ContainerName: !Sub "${AWS::StackName}-not-kept"
                  Failing:
                    Type: Azure::BlobStorage::Container
                    DependsOn: [Kept, NotKept]
                    Properties:
                      StorageAccountName: %2$s
                      AzureTenantId: %3$s
                      AzureClientId: %4$s
                      AzureClientSecretName: no/such/secret
                """.formatted(credentials(), ACCOUNT, LocalCloud.TENANT_ID, LocalCloud.CLIENT_ID));

            assertThat(deployed).isFalse();
            assertThat(output()).containsPattern("DELETE_SKIPPED +Kept .*DeletionPolicy Retain")
                .containsPattern("DELETE_COMPLETE +NotKept ").contains("ROLLBACK_COMPLETE");
            assertThat(containers(stack)).containsExactly(stack + "-kept");
            assertThat(store.stackNames()).doesNotContain(stack);
        } finally {
            deleteRetained(stack + "-kept");
        }
    }

    @Test
    void anExportAnotherStackImportsCanNeitherGoNorChange() {
        final String exporter = stack + "-source";
        final String importer = stack + "-reader";
        final String exportName = exporter + "-url";
        final String exporting = """
            Parameters:
              Exported: {Type: String, AllowedValues: ["true", "false"], Default: "true"}
              Generation: {Type: String, Default: "1"}
            Conditions:
              IsExported: !Equals [!Ref Exported, "true"]
            Resources:
              Source:
                Type: Azure::BlobStorage::Container
                Properties:
                  %s
                  ContainerName: !Sub "${AWS::StackName}-${Generation}"
            Outputs:
              SourceUrl:
                Condition: IsExported
                Value: !Ref Source
                Export: {Name: !Sub "${AWS::StackName}-url"}
            """.formatted(credentials());
        assertThat(deploy("exporting.yaml", exporting, exporter, Map.of())).isTrue();
        final String source = physicalId(exporter, "Source");
        assertThat(deploy("importing.yaml", """
            Resources:
              Reader:
                Type: Azure::BlobStorage::Container
                Properties:
                  %s
                  Metadata: {reads: !ImportValue %s}
            """.formatted(credentials(), exportName), importer, Map.of())).isTrue();
        assertThat(store.load(importer).orElseThrow().imports()).containsExactly(exportName);
        final String before = output();

        assertThatThrownBy(() -> deploy("exporting.yaml", exporting, exporter, Map.of("Exported", "false")))
            .isInstanceOf(InputException.class)
            .hasMessage("exporting.yaml: Outputs: Export " + exportName + " cannot be deleted as it is in use by "
                + importer);
        assertThat(output()).as("refused before anything changed").isEqualTo(before);

        assertThat(deploy("exporting.yaml", exporting, exporter, Map.of("Generation", "2"))).isFalse();
        assertThat(output()).contains("UPDATE_ROLLBACK_IN_PROGRESS", "Export " + exportName + " cannot be updated as "
            + "it is in use by " + importer, "UPDATE_ROLLBACK_COMPLETE");
        assertThat(physicalId(exporter, "Source")).as("the replacement is rolled back").isEqualTo(source);
        assertThat(containers(exporter)).containsExactly(exporter + "-1");
        assertThat(store.load(exporter).orElseThrow().exports()).containsExactly(Map.entry(exportName, source));

        assertThat(runner.delete(importer)).isTrue();
        assertThat(deploy("exporting.yaml", exporting, exporter, Map.of("Generation", "2"))).as("no longer in use")
            .isTrue();
        assertThat(runner.delete(exporter)).isTrue();
        assertThat(containers(exporter)).isEmpty();
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
        return deployExample(template, stack, Map.of());
    }

    private boolean deployExample(final String template, final String stackName,
                                  final Map<String, String> parameters) {
        return runner.deploy(EXAMPLES.resolve(template), "examples/" + template, stackName, parameters);
    }

    private boolean deploy(final String name, final String yaml) {
        return deploy(name, yaml, stack, Map.of());
    }

    private boolean deploy(final String name, final String yaml, final String stackName,
                           final Map<String, String> parameters) {
        return runner.deploy(TemplateFiles.write(name, yaml), name, stackName, parameters);
    }

    /** The properties that reach the local cloud, as YAML lines at the indentation of a resource's properties. */
    private static String credentials() {
        return String.join("\n      ", "StorageAccountName: " + ACCOUNT, "AzureTenantId: " + LocalCloud.TENANT_ID,
            "AzureClientId: " + LocalCloud.CLIENT_ID, "AzureClientSecretName: " + LocalCloud.SECRET_NAME);
    }

    private String physicalId(final String logicalId) {
        return physicalId(stack, logicalId);
    }

    private String physicalId(final String stackName, final String logicalId) {
        return store.load(stackName).orElseThrow().resources().get(logicalId).physicalId();
    }

    private String containerName(final String logicalId) {
        return containerName(stack, logicalId);
    }

    private String containerName(final String stackName, final String logicalId) {
        final ObjectNode attributes = store.load(stackName).orElseThrow().resources().get(logicalId).attributes();
        return attributes.path("ContainerName").asText();
    }

    /** The containers of the local cloud whose names start with the prefix. */
    private static List<String> containers(final String prefix) {
        return azure.listBlobContainers(new ListBlobContainersOptions().setPrefix(prefix), null).stream()
            .map(BlobContainerItem::getName).toList();
    }

    /** Containers a test's stacks retained: the test bed's storage account is shared. */
    private static void deleteRetained(final String... names) {
        for (final String name : names) {
            container(name).deleteIfExists();
        }
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
