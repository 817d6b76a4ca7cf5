package io.cfnazure.blobstorage.account.testbed;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.blobstorage.account.HandlerWrapper;
import io.cfnazure.blobstorage.container.testbed.ContainerModels;
import io.cfnazure.blobstorage.container.testbed.ProviderOnLocalCloud;
import io.cfnazure.blobstorage.container.testbed.SignIn;
import io.cfnazure.localcloud.LocalCloud;
import io.cfnazure.localcloud.cloudformation.CloudFormationDriver;
import io.cfnazure.localcloud.cloudformation.HandlerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.json.JSONObject;
import org.json.JSONTokener;
import software.amazon.cloudformation.resource.ResourceTypeSchema;

/**
 * The account type's handler, driven as CloudFormation drives it, against the local cloud's Azure Resource Manager;
 * requests and models in the JSON shape CloudFormation sends, made from the type's own inputs/.
 */
public final class AccountOnLocalCloud {

    /** The account type's folder: Maven runs these tests in storage-account-tests/, beside it. */
    public static final Path ACCOUNT_DIR = Path.of("..", "storage-account");
    /** The schema the handler is built with: the copy in its jar. */
    public static final ResourceTypeSchema SCHEMA = schema();
    public static final String IDENTIFIER = "Id";
    public static final String LOGICAL_ID = "DrAccount";
    /** Properties of inputs/ that say where and as whom, which the local cloud replaces with its own. */
    private static final List<String> PLACE_AND_SIGN_IN = List.of("SubscriptionId", "ResourceGroupName", "AccountName",
        "AzureTenantId", "AzureClientId", "AzureClientSecretName", "AzureAuthentication");

    private AccountOnLocalCloud() {
    }

    /** A stack in the AWS Region, as CloudFormation names it. */
    public static String stackId(final String awsRegion) {
        return "arn:aws:cloudformation:" + awsRegion + ":" + LocalCloud.AWS_ACCOUNT_ID + ":stack/account-tests/"
            + UUID.randomUUID();
    }

    /** CloudFormation of the local cloud's AWS account in its Region, calling the account type's handler. */
    public static CloudFormationDriver cloudFormation(final LocalCloud cloud, final StringBuffer handlerLog) {
        return cloudFormation(new HandlerWrapper()::handleRequest, cloud, LocalCloud.REGION, handlerLog);
    }

    /**
     * @param entryPoint where requests go: a handler in this JVM, or the packaged jar in one of its own
     * @param awsRegion  the stack's Region: the account's country when the template gives no Location
     */
    public static CloudFormationDriver cloudFormation(final RequestStreamHandler entryPoint, final LocalCloud cloud,
                                                      final String awsRegion, final StringBuffer handlerLog) {
        return CloudFormationDriver.forType(SCHEMA, entryPoint)
            .account(LocalCloud.AWS_ACCOUNT_ID, awsRegion, cloud::callerCredentials)
            .handlerLog(line -> handlerLog.append(line).append('\n'))
            .checkEveryProgressEvent(event -> ProviderOnLocalCloud.followsTheProgressRules(event, IDENTIFIER))
            .build();
    }

    /** A new operation on the resource {@link #LOGICAL_ID} of a stack in the local cloud's Region. */
    public static HandlerRequest request(final String action, final ObjectNode desired) {
        return HandlerRequest.of(action, stackId(LocalCloud.REGION), LOGICAL_ID, desired);
    }

    /**
     * inputs/inputs_1_create.json in the local cloud's subscription and resource group, signing in with
     * {@code signIn}; null name: generated.
     */
    public static ObjectNode model(final String accountName, final SignIn signIn) {
        return placed(input("inputs_1_create.json"), accountName, signIn);
    }

    /** The model with the settings of inputs/inputs_1_update.json (what cfn test updates). */
    public static ObjectNode updated(final ObjectNode model) {
        input("inputs_1_update.json").fields().forEachRemaining(field -> {
            if (!PLACE_AND_SIGN_IN.contains(field.getKey())) {
                model.set(field.getKey(), field.getValue());
            }
        });
        return model;
    }

    /** inputs/inputs_1_invalid.json pointed at the local cloud and app; its AccountName, which is invalid, kept. */
    public static ObjectNode invalid(final SignIn signIn) {
        final ObjectNode invalid = input("inputs_1_invalid.json");
        return placed(invalid, invalid.path("AccountName").asText(), signIn);
    }

    public static String uniqueName() {
        return "cfnacct" + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
    }

    /** The account's ID in the local cloud's resource group. */
    public static String id(final String accountName) {
        return LocalCloud.storageAccountId(accountName);
    }

    public static ObjectNode identifier(final String id) {
        return ContainerModels.JSON.createObjectNode().put(IDENTIFIER, id);
    }

    /** What List takes: the local cloud's subscription and resource group. */
    public static ObjectNode listScope() {
        return ContainerModels.JSON.createObjectNode().put("SubscriptionId", LocalCloud.SUBSCRIPTION_ID)
            .put("ResourceGroupName", LocalCloud.RESOURCE_GROUP);
    }

    /** The schema's write-only properties, by name. */
    public static List<String> writeOnlyProperties() {
        return SCHEMA.getWriteOnlyPropertiesAsStrings().stream()
            .map(pointer -> pointer.substring("/properties/".length()))
            .toList();
    }

    private static ObjectNode placed(final ObjectNode input, final String accountName, final SignIn signIn) {
        input.put("SubscriptionId", LocalCloud.SUBSCRIPTION_ID).put("ResourceGroupName", LocalCloud.RESOURCE_GROUP);
        if (accountName == null) {
            input.remove("AccountName");
        } else {
            input.put("AccountName", accountName);
        }
        return signIn.applyTo(input);
    }

    private static ObjectNode input(final String file) {
        try {
            return (ObjectNode) ContainerModels.JSON.readTree(ACCOUNT_DIR.resolve("inputs").resolve(file).toFile());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ResourceTypeSchema schema() {
        try (InputStream in = HandlerWrapper.class.getResourceAsStream("/azure-blobstorage-account.json")) {
            return ResourceTypeSchema.load(new JSONObject(new JSONTokener(in)));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the local cloud's Azure Resource Manager holds an account of that ID, whatever its state. */
    public static boolean existsInAzure(final LocalCloud cloud, final String id) {
        return cloud.resourceManager().storageAccountIds().stream().anyMatch(id::equalsIgnoreCase);
    }

    /** The JSON of an event's model's primary identifier. */
    public static String idOf(final JsonNode event) {
        return event.path("resourceModel").path(IDENTIFIER).asText();
    }
}
