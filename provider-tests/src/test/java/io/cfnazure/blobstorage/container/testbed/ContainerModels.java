package io.cfnazure.blobstorage.container.testbed;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.localcloud.LocalCloud;
import io.cfnazure.localcloud.cloudformation.HandlerRequest;
import java.util.UUID;

/**
 * Requests, resource models and type configurations in the JSON shape CloudFormation sends, aimed at the local cloud.
 */
public final class ContainerModels {

    public static final ObjectMapper JSON = new ObjectMapper();
    public static final String STACK_ID =
        "arn:aws:cloudformation:us-east-1:123456789012:stack/contract-tests/5d8e2a30-0000-11ef-8d4c-0a1b2c3d4e5f";

    private ContainerModels() {
    }

    /** A request for the resource ContractContainer of the contract tests' stack, with a new client request token. */
    public static HandlerRequest request(final String action, final ObjectNode desired) {
        return HandlerRequest.of(action, STACK_ID, "ContractContainer", desired);
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
