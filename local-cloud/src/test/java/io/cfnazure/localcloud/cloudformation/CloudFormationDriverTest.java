package io.cfnazure.localcloud.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import software.amazon.cloudformation.resource.ResourceTypeSchema;

/** CloudFormation's side of the protocol, against a scripted entry point that records what it is sent. */
class CloudFormationDriverTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ResourceTypeSchema SCHEMA = ResourceTypeSchema.load(new JSONObject("""
        {"typeName": "Test::Local::Thing", "description": "A thing",
         "properties": {"Id": {"type": "string"}, "Size": {"type": "integer"}},
         "primaryIdentifier": ["/properties/Id"], "readOnlyProperties": ["/properties/Id"],
         "additionalProperties": false,
         "handlers": {"create": {"permissions": [], "timeoutInMinutes": 2}}}"""));
    private static final CallerCredentials CALLER =
        new CallerCredentials("ASIACALLER", "caller-secret-key", "caller-session-token");

    private final List<JsonNode> received = new ArrayList<>();
    private final List<String> logLines = new ArrayList<>();

    /** An entry point that logs the caller's secret key and answers with {@code answer} of the n-th request. */
    private RequestStreamHandler scripted(final Function<Integer, String> answer) {
        return (in, out, context) -> {
            final JsonNode request = JSON.readTree(in);
            received.add(request);
            context.getLogger().log("called with " + request.at("/requestData/callerCredentials/secretAccessKey")
                .asText() + "\n\nsecond line");
            out.write(answer.apply(received.size()).getBytes(StandardCharsets.UTF_8));
        };
    }

    private CloudFormationDriver.Builder driver(final RequestStreamHandler entryPoint) {
        return CloudFormationDriver.forType(SCHEMA, entryPoint)
            .account("123456789012", "eu-west-1", () -> CALLER)
            .handlerLog(logLines::add);
    }

    private static HandlerRequest create(final ObjectNode desired) {
        return HandlerRequest.of("CREATE", "arn:aws:cloudformation:eu-west-1:123456789012:stack/s/1", "Thing", desired);
    }

    @Test
    void callsBackWhileInProgressWithTheReturnedModelAndContextUnderTheSameToken() {
        final List<JsonNode> progress = new ArrayList<>();
        final CloudFormationDriver cloudFormation = driver(scripted(n -> n == 1
            ? "{\"status\":\"IN_PROGRESS\",\"callbackDelaySeconds\":0,\"resourceModel\":{\"Id\":\"t-1\",\"Size\":1},"
                + "\"callbackContext\":{\"step\":2}}"
            : "{\"status\":\"SUCCESS\",\"resourceModel\":{\"Id\":\"t-1\",\"Size\":1}}")).build();
        final ObjectNode desired = JSON.createObjectNode().put("Size", 1);

        final JsonNode done = cloudFormation.invoke(create(desired).withTypeConfiguration(
            JSON.createObjectNode().put("Setting", "x")), progress::add);

        assertThat(done.path("status").asText()).isEqualTo("SUCCESS");
        assertThat(progress).hasSize(1);
        assertThat(received).hasSize(2);
        final JsonNode first = received.get(0);
        assertThat(first.path("action").asText()).isEqualTo("CREATE");
        assertThat(first.path("resourceType").asText()).isEqualTo("Test::Local::Thing");
        assertThat(first.path("awsAccountId").asText()).isEqualTo("123456789012");
        assertThat(first.path("region").asText()).isEqualTo("eu-west-1");
        assertThat(first.at("/requestData/logicalResourceId").asText()).isEqualTo("Thing");
        assertThat(first.at("/requestData/resourceProperties")).isEqualTo(desired);
        assertThat(first.at("/requestData/typeConfiguration/Setting").asText()).isEqualTo("x");
        assertThat(first.at("/requestData/callerCredentials/accessKeyId").asText()).isEqualTo("ASIACALLER");
        assertThat(first.has("providerCredentials")).isFalse();
        final JsonNode callback = received.get(1);
        assertThat(callback.path("bearerToken")).isEqualTo(first.path("bearerToken"));
        assertThat(callback.at("/requestData/resourceProperties/Id").asText()).isEqualTo("t-1");
        assertThat(callback.at("/callbackContext/step").asInt()).isEqualTo(2);
        assertThat(cloudFormation.invocationTimes()).hasSize(2);
    }

    @Test
    void aCallbackDelayBeyondTheSchemasTimeoutFailsWithoutAnErrorCode() {
        final CloudFormationDriver cloudFormation = driver(scripted(n ->
            "{\"status\":\"IN_PROGRESS\",\"callbackDelaySeconds\":600,\"resourceModel\":{\"Id\":\"t-1\"}}")).build();

        final JsonNode failed = cloudFormation.invoke(create(JSON.createObjectNode()));

        assertThat(failed.path("status").asText()).isEqualTo("FAILED");
        assertThat(failed.has("errorCode")).isFalse();
        assertThat(failed.path("message").asText()).contains("within the 2 minutes", "handlers.create.timeoutInMinutes");
        assertThat(received).hasSize(1);
    }

    @Test
    void everyProgressEventIsChecked() {
        final CloudFormationDriver cloudFormation = driver(scripted(n -> n == 1
            ? "{\"status\":\"IN_PROGRESS\",\"callbackDelaySeconds\":0,\"errorCode\":\"NotFound\"}"
            : "{\"status\":\"SUCCESS\"}"))
            .checkEveryProgressEvent(event -> {
                throw new AssertionError("IN_PROGRESS with " + event.path("errorCode").asText());
            })
            .build();

        assertThatThrownBy(() -> cloudFormation.invoke(create(JSON.createObjectNode())))
            .isInstanceOf(AssertionError.class).hasMessage("IN_PROGRESS with NotFound");
    }

    @Test
    void anEntryPointThatFailsGivesAFailedEventNamingTheCause() {
        final CloudFormationDriver cloudFormation = driver((in, out, context) -> {
            throw new IOException("stream closed");
        }).build();

        final JsonNode failed = cloudFormation.invokeOnce(create(JSON.createObjectNode()));

        assertThat(failed.path("status").asText()).isEqualTo("FAILED");
        assertThat(failed.path("message").asText()).endsWith("IOException: stream closed");
    }

    @Test
    void theHandlerLogArrivesLineByLineAndMaskedOnlyWhenAsked() {
        driver(scripted(n -> "{\"status\":\"SUCCESS\"}")).build().invokeOnce(create(JSON.createObjectNode()));
        assertThat(logLines).containsExactly("called with caller-secret-key", "second line");

        logLines.clear();
        driver(scripted(n -> "{\"status\":\"SUCCESS\"}")).maskCallerCredentialsInLog().build()
            .invokeOnce(create(JSON.createObjectNode()));
        assertThat(logLines).containsExactly("called with ****", "second line");
    }

    @Test
    void anObserverGetsEveryDriversLogLinesAndAnswersUntilItStops() {
        final List<String> observed = new ArrayList<>();
        final CloudFormationDriver.Observer observer = new CloudFormationDriver.Observer() {
            @Override
            public void logLine(final String line) {
                observed.add("log: " + line);
            }

            @Override
            public void answer(final String answer) {
                observed.add("answer: " + answer);
            }
        };
        // A driver without a handler log of its own, and one whose entry point writes no progress event.
        final CloudFormationDriver quiet = CloudFormationDriver
            .forType(SCHEMA, scripted(n -> "{\"status\":\"SUCCESS\"}"))
            .account("123456789012", "eu-west-1", () -> CALLER)
            .build();
        final CloudFormationDriver failing = driver((in, out, context) -> {
            throw new IOException("stream closed");
        }).build();

        CloudFormationDriver.observeEveryDriver(observer);
        try {
            quiet.invokeOnce(create(JSON.createObjectNode()));
            failing.invokeOnce(create(JSON.createObjectNode()));
        } finally {
            CloudFormationDriver.stopObserving(observer);
        }
        quiet.invokeOnce(create(JSON.createObjectNode()));

        assertThat(observed).containsExactly("log: called with caller-secret-key", "log: second line",
            "answer: {\"status\":\"SUCCESS\"}", "answer: {\"status\":\"FAILED\",\"message\":\"The handler's "
                + "entry point failed without a progress event: IOException: stream closed\"}");
    }

    @Test
    void theTestEntrypointGetsTheShapeCfnTestSends() {
        final CloudFormationDriver cloudFormation = driver(scripted(n -> "{}")).build();

        cloudFormation.invokeTestEntrypoint(scripted(n -> "{\"status\":\"SUCCESS\"}"),
            create(JSON.createObjectNode().put("Size", 3)));

        final JsonNode payload = received.get(0);
        assertThat(payload.path("action").asText()).isEqualTo("CREATE");
        assertThat(payload.at("/credentials/secretAccessKey").asText()).isEqualTo("caller-secret-key");
        assertThat(payload.at("/request/desiredResourceState/Size").asInt()).isEqualTo(3);
        assertThat(payload.at("/request/logicalResourceIdentifier").asText()).isEqualTo("Thing");
        assertThat(payload.at("/request/region").asText()).isEqualTo("eu-west-1");
    }

    @Test
    void refusesTheMachinesTmpdirWhichTheWrapperWouldEmpty() {
        final String tmpdir = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", "/tmp");
        try {
            assertThatThrownBy(() -> driver(scripted(n -> "{}")).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("java.io.tmpdir is /tmp");
        } finally {
            System.setProperty("java.io.tmpdir", tmpdir);
        }
    }
}
