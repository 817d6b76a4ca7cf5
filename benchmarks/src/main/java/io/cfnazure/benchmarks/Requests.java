package io.cfnazure.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.benchmarks.SignIn.CredentialSet;
import io.cfnazure.blobstorage.container.ContainerSchema;
import io.cfnazure.localcloud.LocalCloud;
import io.cfnazure.localcloud.cloudformation.CallerCredentials;
import io.cfnazure.localcloud.cloudformation.CloudFormationDriver;
import io.cfnazure.localcloud.cloudformation.HandlerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.json.JSONObject;
import org.json.JSONTokener;
import software.amazon.cloudformation.resource.ResourceTypeSchema;

/**
 * The requests the benchmark sends, in CloudFormation's shape, for one app (credential set) of the local cloud: the
 * resource and the type configuration name its client secret or its sign-in without one (AzureAuthentication). All
 * actions of a container; an account's Create.
 */
final class Requests {

    static final ObjectMapper JSON = new ObjectMapper();
    /** The container type's schema. */
    static final ResourceTypeSchema SCHEMA = ResourceTypeSchema.load(ContainerSchema.TYPE.json());
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

    /**
     * Create of a new Standard_LRS account in the local cloud's subscription, resource group and Azure region (the
     * region is given: the type need not choose one for the stack's AWS Region).
     */
    HandlerRequest createAccount(final String account) {
        final ObjectNode model = JSON.createObjectNode()
            .put("SubscriptionId", LocalCloud.SUBSCRIPTION_ID)
            .put("ResourceGroupName", LocalCloud.RESOURCE_GROUP)
            .put("AccountName", account)
            .put("Location", LocalCloud.AZURE_LOCATION)
            .put("Sku", "Standard_LRS");
        signIn(model, "Azure");
        model.set("Tags", JSON.valueToTree(CREATED_METADATA));
        return HandlerRequest.of("CREATE", STACK_ID, "DrAccount", model);
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

    /** The request JSON exactly as CloudFormation's driver hands it to a Lambda entry point of the schema's type. */
    static byte[] lambdaInput(final ResourceTypeSchema schema, final Supplier<CallerCredentials> caller,
                              final HandlerRequest request) {
        final AtomicReference<byte[]> input = new AtomicReference<>();
        CloudFormationDriver.forType(schema, (in, out, context) -> {
            input.set(in.readAllBytes());
            out.write("{\"status\":\"SUCCESS\"}".getBytes(StandardCharsets.UTF_8));
        }).account(LocalCloud.AWS_ACCOUNT_ID, LocalCloud.REGION, caller).build().invokeOnce(request);
        return input.get();
    }

    /** The schema a type's Lambda package carries (its file at the jar's root). */
    static ResourceTypeSchema schemaIn(final Path jar, final String file) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            final ZipEntry entry = zip.getEntry(file);
            if (entry == null) {
                throw new IllegalStateException("No " + file + " in " + jar);
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return ResourceTypeSchema.load(new JSONObject(new JSONTokener(in)));
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
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
