package io.cfnazure.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.CALLS_REAL_METHODS;
import static org.mockito.Mockito.atMost;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockStatic;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.databind.JsonNode;
import io.cfnazure.benchmarks.donothing.AccountDoNothingHandler;
import io.cfnazure.benchmarks.donothing.ContainerDoNothingHandler;
import io.cfnazure.benchmarks.donothing.DoNothingHandler;
import io.cfnazure.blobstorage.account.AccountSchema;
import io.cfnazure.localcloud.LambdaContext;
import io.cfnazure.localcloud.cloudformation.CallerCredentials;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.mockito.MockedStatic;
import software.amazon.cloudformation.resource.ResourceTypeSchema;

/**
 * Each type's floor pays for the schema what that type's handler pays, and no more: the wrapper's default cleaning of
 * each response would load the schema again every time (about 20 ms), which the handlers do once. And each floor reads
 * requests into its own type's model, with its own schema's write-only properties.
 */
class DoNothingHandlerTest {

    private static final CallerCredentials CALLER =
        new CallerCredentials("not-an-access-key-id", "not-a-secret-access-key", "not-a-session-token");
    private static final int RESPONSES = 3;
    private static final Requests REQUESTS = new Requests(SignIn.CLIENT_SECRET.localCloudApp());

    @Test
    void theContainerFloorLoadsTheSchemaOnceForAllItsResponsesAndStillRemovesWriteOnlyProperties() throws IOException {
        answersEachCreateWithItsModelLoadingTheSchemaOnce(new ContainerDoNothingHandler(),
            Requests.lambdaInput(Requests.SCHEMA, () -> CALLER, REQUESTS.create("floor")), "ContainerName", "floor");
    }

    @Test
    void theAccountFloorLoadsItsOwnSchemaOnceForAllItsResponsesAndStillRemovesWriteOnlyProperties() throws IOException {
        answersEachCreateWithItsModelLoadingTheSchemaOnce(new AccountDoNothingHandler(),
            Requests.lambdaInput(ResourceTypeSchema.load(AccountSchema.TYPE.json()), () -> CALLER,
                REQUESTS.createAccount("cfnfloor01")), "AccountName", "cfnfloor01");
    }

    private static void answersEachCreateWithItsModelLoadingTheSchemaOnce(final DoNothingHandler<?, ?, ?> handler,
                                                                         final byte[] create, final String nameProperty,
                                                                         final String name) throws IOException {
        // The handler runs on this thread, where the static mock sees its calls.
        try (MockedStatic<ResourceTypeSchema> schemaLoads = mockStatic(ResourceTypeSchema.class, CALLS_REAL_METHODS)) {
            for (int i = 0; i < RESPONSES; i++) {
                final JsonNode response = invoke(handler, create);
                assertThat(response.path("status").asText()).isEqualTo("SUCCESS");
                assertThat(response.path("resourceModel").path(nameProperty).asText()).isEqualTo(name);
                assertThat(response.path("resourceModel").has("AzureClientSecretName")).isFalse();
                assertThat(response.path("resourceModel").has("AzureClientId")).isFalse();
            }
            schemaLoads.verify(() -> ResourceTypeSchema.load(any(JSONObject.class)), atMost(1));
        }
    }

    private static JsonNode invoke(final DoNothingHandler<?, ?, ?> handler, final byte[] request) throws IOException {
        final ByteArrayOutputStream response = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(request), response,
            new LambdaContext("do-nothing", 512, Duration.ofSeconds(60), mock(LambdaLogger.class)));
        return Requests.JSON.readTree(response.toByteArray());
    }
}
