package io.cfnazure.blobstorage.container.testsupport;

import static io.cfnazure.blobstorage.container.testsupport.CloudFormationHarness.JSON;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/** Resource models and type configurations in the JSON shape CloudFormation sends, aimed at the local cloud. */
public final class ContainerModels {

    private ContainerModels() {
    }

    /** A full model as a template (or inputs/inputs_1_create.json) would give it; null name: generated. */
    public static ObjectNode model(final String containerName) {
        final ObjectNode model = JSON.createObjectNode();
        model.put("StorageAccountName", LocalCloud.STORAGE_ACCOUNT);
        if (containerName != null) {
            model.put("ContainerName", containerName);
        }
        model.put("AzureTenantId", LocalCloud.TENANT_ID);
        model.put("AzureClientId", LocalCloud.CLIENT_ID);
        model.put("AzureClientSecretName", LocalCloud.SECRET_NAME);
        model.put("PublicAccess", "None");
        model.putObject("Metadata").put("purpose", "contract-test").put("source_bucket", "s3-dr-primary");
        return model;
    }

    public static String uniqueName() {
        return "test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** What Cloud Control API, drift detection and import send: the primary identifier alone. */
    public static ObjectNode identifier(final String url) {
        return JSON.createObjectNode().put("ContainerUrl", url);
    }

    public static ObjectNode typeConfiguration() {
        final ObjectNode configuration = JSON.createObjectNode();
        configuration.putObject("AzureCredentials")
            .put("TenantId", LocalCloud.TENANT_ID)
            .put("ClientId", LocalCloud.CLIENT_ID)
            .put("ClientSecretName", LocalCloud.SECRET_NAME);
        return configuration;
    }
}
