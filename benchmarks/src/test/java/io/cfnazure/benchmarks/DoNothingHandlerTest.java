package io.cfnazure.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.CALLS_REAL_METHODS;
import static org.mockito.Mockito.atMost;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockStatic;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.databind.JsonNode;
import io.cfnazure.benchmarks.donothing.DoNothingHandler;
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
 * The floor the warm figures are divided by pays for the schema what the handler pays, and no more: the wrapper's
 * default cleaning of each response would load the schema again every time (about 20 ms), which the handler does once.
 */
class DoNothingHandlerTest {

    private static final CallerCredentials CALLER =
        new CallerCredentials("not-an-access-key-id", "not-a-secret-access-key", "not-a-session-token");
    private static final int RESPONSES = 3;

    @Test
    void loadsTheSchemaOnceForAllItsResponsesAndStillRemovesWriteOnlyProperties() throws IOException {
        final byte[] create = Requests.lambdaInput(() -> CALLER,
            new Requests(SignIn.CLIENT_SECRET.localCloudApp()).create("floor"));
        final DoNothingHandler handler = new DoNothingHandler();

        // The handler runs on this thread, where the static mock sees its calls.
        try (MockedStatic<ResourceTypeSchema> schemaLoads = mockStatic(ResourceTypeSchema.class, CALLS_REAL_METHODS)) {
            for (int i = 0; i < RESPONSES; i++) {
                final JsonNode response = invoke(handler, create);
                assertThat(response.path("status").asText()).isEqualTo("SUCCESS");
                assertThat(response.path("resourceModel").path("ContainerName").asText()).isEqualTo("floor");
                assertThat(response.path("resourceModel").has("AzureClientSecretName")).isFalse();
            }
            schemaLoads.verify(() -> ResourceTypeSchema.load(any(JSONObject.class)), atMost(1));
        }
    }

    private static JsonNode invoke(final DoNothingHandler handler, final byte[] request) throws IOException {
        final ByteArrayOutputStream response = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(request), response,
            new LambdaContext("do-nothing", 512, Duration.ofSeconds(60), mock(LambdaLogger.class)));
        return Requests.JSON.readTree(response.toByteArray());
    }
}
