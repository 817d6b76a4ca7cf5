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

    /**
     * A full model as a template (or inputs/inputs_1_create.json) would give it, signing in with a client secret;
     * null name: generated.
     */
    public static ObjectNode model(final String containerName) {
        return model(containerName, SignIn.CLIENT_SECRET);
    }

    public static ObjectNode model(final String containerName, final SignIn signIn) {
        final ObjectNode model = JSON.createObjectNode();
        model.put("StorageAccountName", LocalCloud.STORAGE_ACCOUNT);
        if (containerName != null) {
            model.put("ContainerName", containerName);
        }
        signIn.applyTo(model);
        model.put("PublicAccess", "None");
        model.putObject("Metadata").put("purpose", "contract-test").put("source_bucket", "s3-dr-primary");
        return model;
    }

    /**
     * A full model of the management plane: the storage account by its Azure Resource Manager ID, so the container is
     * managed through Azure Resource Manager.
     */
    public static ObjectNode managedModel(final String containerName, final SignIn signIn,
                                          final String storageAccountId) {
        final ObjectNode model = model(containerName, signIn);
        model.remove("StorageAccountName");
        return model.put("StorageAccountId", storageAccountId);
    }

    public static String uniqueName() {
        return "test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** What Cloud Control API, drift detection and import send: the primary identifier alone. */
    public static ObjectNode identifier(final String url) {
        return JSON.createObjectNode().put("ContainerUrl", url);
    }

    /** The account's defaults, signing in with a client secret. */
    public static ObjectNode typeConfiguration() {
        return typeConfiguration(SignIn.CLIENT_SECRET);
    }

    /** The account's defaults, which Read and List use when only the identifier reaches the handler. */
    public static ObjectNode typeConfiguration(final SignIn signIn) {
        final ObjectNode configuration = JSON.createObjectNode();
        configuration.set("AzureCredentials", signIn.typeConfigurationCredentials());
        return configuration;
    }

    /**
     * The account's defaults with the subscription where Read and Delete that get only a ContainerUrl look for the
     * storage account in Azure Resource Manager.
     */
    public static ObjectNode typeConfigurationWithSubscription(final SignIn signIn) {
        return typeConfiguration(signIn).put("SubscriptionId", LocalCloud.SUBSCRIPTION_ID);
    }
}
