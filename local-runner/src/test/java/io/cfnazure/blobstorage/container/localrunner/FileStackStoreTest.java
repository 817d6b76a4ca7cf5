package io.cfnazure.blobstorage.container.localrunner;

import static org.assertj.core.api.Assertions.assertThat;

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
            Json.object().put("ContainerName", "backups"), Set.of("Other")));

        store.save(stack);

        final StackState loaded = store.load("backups").orElseThrow();
        assertThat(loaded).isEqualTo(stack);
        assertThat(loaded.stackId()).startsWith("arn:aws:cloudformation:eu-west-1:123456789012:stack/backups/");
        assertThat(store.stackNames()).containsExactly("backups");
        store.delete("backups");
        assertThat(store.load("backups")).isEmpty();
    }
}
