package io.cfnazure.blobstorage.container.localrunner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FileStackStoreTest {

    private final FileStackStore store = new FileStackStore(
        Path.of("target", "localrunner-tests", "state-" + UUID.randomUUID()));

    @Test
    void keepsEverythingAStackNeedsAcrossRuns() {
        final Target target = new Target("aws", "123456789012", "eu-west-1", () -> null, null);
        final StackState stack = StackState.create("backups", target);
        stack.resources().put("Backup", new DeployedResource("Azure::BlobStorage::Container",
            "https://acct01.blob.core.windows.net/backups",
            Json.object().put("StorageAccountName", "acct01").put("AzureClientSecretName", "azure/secret")
                .put("AutoDeleteBlobs", true),
            Json.object().put("ContainerName", "backups"), Set.of("Other"),
            new RemovalPolicies(RemovalPolicy.RETAIN, RemovalPolicy.DELETE)));
        stack.exports().put("backups-url", "https://acct01.blob.core.windows.net/backups");
        stack.imports().add("network-account");

        store.save(stack);

        final StackState loaded = store.load("backups").orElseThrow();
        assertThat(loaded).isEqualTo(stack);
        assertThat(loaded.stackId()).startsWith("arn:aws:cloudformation:eu-west-1:123456789012:stack/backups/");
        assertThat(store.stackNames()).containsExactly("backups");
        assertThat(StackExports.of(store, "other").export("backups-url"))
            .contains(new StackExports.Export("backups", "https://acct01.blob.core.windows.net/backups"));
        store.delete("backups");
        assertThat(store.load("backups")).isEmpty();
    }

    @Test
    void readsRecordsWrittenBeforePoliciesAndExportsWereKept() throws IOException {
        final Path directory = Path.of("target", "localrunner-tests", "state-" + UUID.randomUUID());
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("old.json"), """
            {"stackName": "old", "stackId": "arn:aws:cloudformation:eu-west-1:123456789012:stack/old/1",
             "accountId": "123456789012", "region": "eu-west-1",
             "resources": {"Backup": {"type": "Azure::BlobStorage::Container",
               "physicalId": "https://acct01.blob.core.windows.net/backups",
               "properties": {"StorageAccountName": "acct01"}, "attributes": {}, "dependsOn": []}}}
            """);

        final StackState loaded = new FileStackStore(directory).load("old").orElseThrow();

        assertThat(loaded.resources().get("Backup").policies()).isEqualTo(RemovalPolicies.DEFAULT);
        assertThat(loaded.exports()).isEmpty();
        assertThat(loaded.imports()).isEmpty();
    }
}
