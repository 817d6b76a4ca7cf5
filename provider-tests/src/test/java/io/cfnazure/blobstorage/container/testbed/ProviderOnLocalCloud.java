package io.cfnazure.blobstorage.container.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.cfnazure.blobstorage.container.HandlerWrapper;
import io.cfnazure.localcloud.LocalCloud;
import io.cfnazure.localcloud.cloudformation.CallerCredentials;
import io.cfnazure.localcloud.cloudformation.CloudFormationDriver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.json.JSONObject;
import org.json.JSONTokener;
import software.amazon.cloudformation.resource.ResourceTypeSchema;

/** This provider's handler, driven as CloudFormation drives it, against the local cloud. */
public final class ProviderOnLocalCloud {

    /** The provider's folder: Maven runs these tests in provider-tests/, beside it. */
    public static final Path PROVIDER_DIR = Path.of("..");
    /** The schema the handler is built with: the copy in its jar. */
    public static final ResourceTypeSchema SCHEMA = schema();
    /** {@code HandlerWrapper::testEntrypoint}, the entry point {@code cfn test} calls, on a new handler each time. */
    public static final RequestStreamHandler TEST_ENTRYPOINT =
        (in, out, context) -> new HandlerWrapper().testEntrypoint(in, out, context);

    private ProviderOnLocalCloud() {
    }

    /**
     * CloudFormation in the local cloud's AWS account, with the caller credentials its Secrets Manager accepts.
     *
     * @param handlerLog gets every line the handler logs, unmasked: tests check that no secret is among them
     */
    public static CloudFormationDriver cloudFormation(final LocalCloud cloud, final StringBuffer handlerLog) {
        return cloudFormation(LocalCloud.AWS_ACCOUNT_ID, cloud::callerCredentials, handlerLog);
    }

    public static CloudFormationDriver cloudFormation(final String awsAccountId,
                                                      final Supplier<CallerCredentials> caller,
                                                      final StringBuffer handlerLog) {
        return cloudFormation(new HandlerWrapper()::handleRequest, awsAccountId, caller, handlerLog);
    }

    /** @param entryPoint where the requests go, e.g. the packaged jar in a JVM of its own ({@link LambdaJarProcess}) */
    public static CloudFormationDriver cloudFormation(final RequestStreamHandler entryPoint, final String awsAccountId,
                                                      final Supplier<CallerCredentials> caller,
                                                      final StringBuffer handlerLog) {
        return CloudFormationDriver.forType(SCHEMA, entryPoint)
            .account(awsAccountId, LocalCloud.REGION, caller)
            .handlerLog(line -> handlerLog.append(line).append('\n'))
            .checkEveryProgressEvent(event -> followsTheProgressRules(event, "ContainerUrl"))
            .build();
    }

    /** The schema's write-only properties, by name. */
    public static List<String> writeOnlyProperties() {
        return SCHEMA.getWriteOnlyPropertiesAsStrings().stream()
            .map(pointer -> pointer.substring("/properties/".length()))
            .toList();
    }

    /** What CloudFormation requires of every IN_PROGRESS event, whatever the type. */
    public static void followsTheProgressRules(final JsonNode response, final String identifierProperty) {
        assertThat(response.path("errorCode").isMissingNode()).as("IN_PROGRESS carries no error code").isTrue();
        assertThat(response.path("resourceModel").path(identifierProperty).asText())
            .as("IN_PROGRESS carries the primary identifier").isNotEmpty();
    }

    private static ResourceTypeSchema schema() {
        try (InputStream in = HandlerWrapper.class.getResourceAsStream("/azure-blobstorage-container.json")) {
            return ResourceTypeSchema.load(new JSONObject(new JSONTokener(in)));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
