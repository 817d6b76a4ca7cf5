package io.cfnazure.blobstorage.container.integration;

import static io.cfnazure.blobstorage.container.testbed.ContainerModels.JSON;
import static io.cfnazure.blobstorage.container.testbed.ContainerModels.identifier;
import static io.cfnazure.blobstorage.container.testbed.ContainerModels.model;
import static io.cfnazure.blobstorage.container.testbed.ContainerModels.request;
import static io.cfnazure.blobstorage.container.testbed.ContainerModels.typeConfiguration;
import static io.cfnazure.blobstorage.container.testbed.ContainerModels.uniqueName;
import static io.cfnazure.blobstorage.container.testbed.ProviderOnLocalCloud.cloudFormation;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.localcloud.LocalCloud;
import io.cfnazure.localcloud.UsesLocalCloud;
import io.cfnazure.localcloud.cloudformation.CloudFormationDriver;
import io.cfnazure.localcloud.cloudformation.HandlerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole life of a container through the wrapper's real entry point (CloudFormation's request JSON in, the progress
 * event JSON out), with the real chain behind it: Secrets Manager stand-in (SigV4 checked) → client secret → Entra
 * ID stand-in → token → Azurite over HTTPS with OAuth. Azure's state is checked independently of the handlers.
 */
@UsesLocalCloud
class LifecycleIntegrationTest {

    @Test
    void createReadUpdateListDeleteAndReadAgain(final LocalCloud cloud) throws Exception {
        final CloudFormationDriver cfn = cloudFormation(cloud, new StringBuffer());
        final String name = uniqueName();
        final BlobContainerClient azure = cloud.blobServiceClient(LocalCloud.STORAGE_ACCOUNT)
            .getBlobContainerClient(name);

        final ObjectNode created = model(name);
        final JsonNode create = cfn.invoke(request("CREATE", created));
        assertThat(create.path("status").asText()).as(create.toString()).isEqualTo("SUCCESS");
        final String url = create.path("resourceModel").path("ContainerUrl").asText();
        assertThat(url).isEqualTo("https://cfnlocalstore01.blob.core.windows.net/" + name);
        assertThat(azure.exists()).isTrue();
        assertThat(azure.getProperties().getMetadata())
            .containsEntry("purpose", "contract-test").containsEntry("source_bucket", "s3-dr-primary");
        assertThat(cloud.secretsManager().lastCallerAccessKeyId()).isEqualTo(cloud.callerCredentials().accessKeyId());

        final JsonNode read = cfn.invoke(request("READ", identifier(url)).withTypeConfiguration(typeConfiguration()));
        assertThat(read.path("status").asText()).isEqualTo("SUCCESS");
        assertThat(read.path("resourceModel").path("Metadata").path("purpose").asText()).isEqualTo("contract-test");
        assertThat(read.path("resourceModel").path("PublicAccess").asText()).isEqualTo("None");

        final ObjectNode updated = model(name);
        updated.putObject("Metadata").put("purpose", "dr-copy").put("jurisdiction", "eu");
        final JsonNode update = cfn.invoke(request("UPDATE", updated).withPrevious(created));
        assertThat(update.path("status").asText()).as(update.toString()).isEqualTo("SUCCESS");
        assertThat(azure.getProperties().getMetadata()).isEqualTo(Map.of("purpose", "dr-copy", "jurisdiction", "eu"));

        final List<String> listed = new ArrayList<>();
        cfn.invoke(request("LIST", cfnModel(LocalCloud.STORAGE_ACCOUNT)).withTypeConfiguration(typeConfiguration()))
            .path("resourceModels").forEach(m -> listed.add(m.path("ContainerUrl").asText()));
        assertThat(listed).contains(url);

        final JsonNode delete = cfn.invoke(request("DELETE", updated.deepCopy().put("ContainerUrl", url)));
        assertThat(delete.path("status").asText()).as(delete.toString()).isEqualTo("SUCCESS");
        assertThat(azure.exists()).isFalse();

        final JsonNode gone = cfn.invoke(request("READ", identifier(url)).withTypeConfiguration(typeConfiguration()));
        assertThat(gone.path("status").asText()).isEqualTo("FAILED");
        assertThat(gone.path("errorCode").asText()).isEqualTo("NotFound");
    }

    @Test
    void aContainerWithBlobsSurvivesDeleteUntilAutoDeleteBlobsIsSet(final LocalCloud cloud) throws Exception {
        final CloudFormationDriver cfn = cloudFormation(cloud, new StringBuffer());
        final String name = uniqueName();
        final String url = cfn.invoke(request("CREATE", model(name))).path("resourceModel").path("ContainerUrl")
            .asText();
        final BlobContainerClient azure = cloud.blobServiceClient(LocalCloud.STORAGE_ACCOUNT)
            .getBlobContainerClient(name);
        for (int i = 0; i < 3; i++) {
            azure.getBlobClient("backup-" + i + ".tar").upload(com.azure.core.util.BinaryData.fromString("data"));
        }

        final JsonNode refused = cfn.invoke(request("DELETE", model(name).put("ContainerUrl", url)));
        assertThat(refused.path("errorCode").asText()).isEqualTo("ResourceConflict");
        assertThat(refused.path("message").asText()).contains("not empty", "3 blobs", "AutoDeleteBlobs: true");
        assertThat(azure.listBlobs().stream().count()).isEqualTo(3);

        final JsonNode deleted = cfn.invoke(request("DELETE",
            model(name).put("ContainerUrl", url).put("AutoDeleteBlobs", true)));
        assertThat(deleted.path("status").asText()).as(deleted.toString()).isEqualTo("SUCCESS");
        assertThat(azure.exists()).isFalse();
    }

    private static ObjectNode cfnModel(final String account) {
        return JSON.createObjectNode().put("StorageAccountName", account);
    }
}
