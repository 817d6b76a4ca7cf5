package io.cfnazure.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.benchmarks.SignIn.CredentialSet;
import io.cfnazure.blobstorage.container.TypeSchema;
import io.cfnazure.localcloud.LocalCloud;
import io.cfnazure.localcloud.cloudformation.CallerCredentials;
import io.cfnazure.localcloud.cloudformation.CloudFormationDriver;
import io.cfnazure.localcloud.cloudformation.HandlerRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import software.amazon.cloudformation.resource.ResourceTypeSchema;

/**
 * The requests the benchmark sends, in CloudFormation's shape, for one app (credential set) of the local cloud: the
 * resource and the type configuration name its client secret or its sign-in without one (AzureAuthentication).
 */
final class Requests {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ResourceTypeSchema SCHEMA = ResourceTypeSchema.load(TypeSchema.json());
    static final String STACK_ID =
        "arn:aws:cloudformation:us-east-1:123456789012:stack/benchmark/5d8e2a30-0000-11ef-8d4c-0a1b2c3d4e5f";
    static final Map<String, String> CREATED_METADATA = Map.of("purpose", "benchmark", "source_bucket", "s3-dr-primary");
    static final Map<String, String> UPDATED_METADATA = Map.of("purpose", "dr-copy", "jurisdiction", "eu");

    private final CredentialSet credentials;

    Requests(final CredentialSet credentials) {
        this.credentials = credentials;
    }

    HandlerRequest create(final String container) {
        return HandlerRequest.of("CREATE", STACK_ID, "Container", model(container, CREATED_METADATA));
    }

    HandlerRequest read(final String container) {
        return HandlerRequest.of("READ", STACK_ID, "Container", withUrl(model(container, CREATED_METADATA), container));
    }

    HandlerRequest update(final String container) {
        return HandlerRequest.of("UPDATE", STACK_ID, "Container", model(container, UPDATED_METADATA))
            .withPrevious(withUrl(model(container, CREATED_METADATA), container));
    }

    HandlerRequest list() {
        return HandlerRequest.list(JSON.createObjectNode().put("StorageAccountName", LocalCloud.STORAGE_ACCOUNT))
            .withTypeConfiguration(typeConfiguration());
    }

    HandlerRequest delete(final String container) {
        return HandlerRequest.of("DELETE", STACK_ID, "Container", withUrl(model(container, UPDATED_METADATA), container));
    }

    /** The request JSON exactly as CloudFormation's driver hands it to a Lambda entry point. */
    static byte[] lambdaInput(final Supplier<CallerCredentials> caller, final HandlerRequest request) {
        final AtomicReference<byte[]> input = new AtomicReference<>();
        CloudFormationDriver.forType(SCHEMA, (in, out, context) -> {
            input.set(in.readAllBytes());
            out.write("{\"status\":\"SUCCESS\"}".getBytes(StandardCharsets.UTF_8));
        }).account(LocalCloud.AWS_ACCOUNT_ID, LocalCloud.REGION, caller).build().invokeOnce(request);
        return input.get();
    }

    static String url(final String container) {
        return "https://" + LocalCloud.STORAGE_ACCOUNT + ".blob.core.windows.net/" + container;
    }

    private ObjectNode model(final String container, final Map<String, String> metadata) {
        final ObjectNode model = JSON.createObjectNode();
        model.put("StorageAccountName", LocalCloud.STORAGE_ACCOUNT);
        model.put("ContainerName", container);
        signIn(model, "Azure");
        model.put("PublicAccess", "None");
        model.set("Metadata", JSON.valueToTree(metadata));
        return model;
    }

    private static ObjectNode withUrl(final ObjectNode model, final String container) {
        return model.put("ContainerUrl", url(container));
    }

    private ObjectNode typeConfiguration() {
        final ObjectNode configuration = JSON.createObjectNode();
        signIn(configuration.putObject("AzureCredentials"), "");
        return configuration;
    }

    /** The resource's settings have the prefix "Azure", the type configuration's AzureCredentials none. */
    private void signIn(final ObjectNode target, final String prefix) {
        target.put(prefix + "TenantId", LocalCloud.TENANT_ID).put(prefix + "ClientId", credentials.clientId());
        if (credentials.secretName() != null) {
            target.put(prefix + "ClientSecretName", credentials.secretName());
        } else {
            target.put(prefix + "Authentication", credentials.signIn().authentication);
        }
    }
}
