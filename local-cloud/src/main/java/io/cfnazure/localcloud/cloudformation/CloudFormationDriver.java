package io.cfnazure.blobstorage.container.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.blobstorage.container.HandlerWrapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Plays CloudFormation for the contract tests: builds the request JSON CloudFormation sends (protocol 2.0.0), hands it
 * to the wrapper's real entry points with a Lambda context that counts down, re-invokes while IN_PROGRESS the way
 * CloudFormation does, and records how long each invocation took and what the handler logged.
 */
public final class CloudFormationHarness {

    public static final ObjectMapper JSON = new ObjectMapper();
    /** template.yml gives each invocation 60 s; the contract wants answers well inside that. */
    public static final Duration INVOCATION_BUDGET = Duration.ofSeconds(60);
    public static final String STACK_ID =
        "arn:aws:cloudformation:us-east-1:123456789012:stack/contract-tests/5d8e2a30-0000-11ef-8d4c-0a1b2c3d4e5f";

    private final String awsAccountId;
    private final ObjectNode callerCredentials;
    private final List<Duration> invocationTimes = new ArrayList<>();
    private final StringBuilder handlerLog = new StringBuilder();

    /** CloudFormation of the local cloud's AWS account, calling with the caller credentials its Secrets Manager accepts. */
    public CloudFormationHarness(final LocalCloud cloud) {
        this(LocalCloud.AWS_ACCOUNT_ID, cloud.callerAccessKeyId(), cloud.callerSecretAccessKey(),
            cloud.callerSessionToken());
    }

    public CloudFormationHarness(final String awsAccountId, final String accessKeyId, final String secretAccessKey,
                                 final String sessionToken) {
        this.awsAccountId = awsAccountId;
        this.callerCredentials = JSON.createObjectNode()
            .put("accessKeyId", accessKeyId)
            .put("secretAccessKey", secretAccessKey)
            .put("sessionToken", sessionToken);
    }

    /** One CloudFormation request; immutable, "with" methods give variants. */
    public record Request(String action, JsonNode desired, JsonNode previous, String clientRequestToken, String logicalId,
                   JsonNode typeConfiguration, JsonNode callbackContext, String nextToken, Integer maxResults) {

        public static Request of(final String action, final JsonNode desired) {
            return new Request(action, desired, null, UUID.randomUUID().toString(), "ContractContainer", null, null,
                null, null);
        }

        public Request withPrevious(final JsonNode previousModel) {
            return new Request(action, desired, previousModel, clientRequestToken, logicalId, typeConfiguration,
                callbackContext, nextToken, maxResults);
        }

        public Request withToken(final String token) {
            return new Request(action, desired, previous, token, logicalId, typeConfiguration, callbackContext,
                nextToken, maxResults);
        }

        public Request withTypeConfiguration(final JsonNode configuration) {
            return new Request(action, desired, previous, clientRequestToken, logicalId, configuration,
                callbackContext, nextToken, maxResults);
        }

        public Request withCallback(final JsonNode model, final JsonNode context) {
            return new Request(action, model, previous, clientRequestToken, logicalId, typeConfiguration, context,
                nextToken, maxResults);
        }

        public Request withPage(final String token, final Integer max) {
            return new Request(action, desired, previous, clientRequestToken, logicalId, typeConfiguration,
                callbackContext, token, max);
        }
    }

    /** Sends the request as CloudFormation does, once, through {@code HandlerWrapper::handleRequest}. */
    public JsonNode invokeOnce(final Request request) {
        final ObjectNode requestData = JSON.createObjectNode();
        requestData.set("callerCredentials", callerCredentials.deepCopy());
        requestData.put("logicalResourceId", request.logicalId());
        requestData.set("resourceProperties", request.desired());
        requestData.set("previousResourceProperties", request.previous());
        requestData.set("typeConfiguration", request.typeConfiguration());
        final ObjectNode body = JSON.createObjectNode();
        body.put("awsAccountId", awsAccountId);
        body.put("bearerToken", request.clientRequestToken());
        body.put("region", LocalCloud.REGION);
        body.put("action", request.action());
        body.put("resourceType", "Azure::BlobStorage::Container");
        body.put("resourceTypeVersion", "00000001");
        body.put("stackId", STACK_ID);
        body.set("requestData", requestData);
        body.set("callbackContext", request.callbackContext());
        body.put("nextToken", request.nextToken());
        if (request.maxResults() != null) {
            body.put("maxResults", request.maxResults());
        }
        return call(out -> new HandlerWrapper().handleRequest(in(body), out, lambdaContext()));
    }

    /** Sends the request through {@code HandlerWrapper::testEntrypoint}, the way {@code cfn test} does. */
    public JsonNode invokeTestEntrypoint(final Request request) {
        final ObjectNode handlerRequest = JSON.createObjectNode();
        handlerRequest.put("clientRequestToken", request.clientRequestToken());
        handlerRequest.set("desiredResourceState", request.desired());
        handlerRequest.set("previousResourceState", request.previous());
        handlerRequest.put("logicalResourceIdentifier", request.logicalId());
        handlerRequest.put("awsAccountId", awsAccountId);
        handlerRequest.put("region", LocalCloud.REGION);
        handlerRequest.put("stackId", STACK_ID);
        final ObjectNode payload = JSON.createObjectNode();
        payload.set("credentials", callerCredentials.deepCopy());
        payload.put("action", request.action());
        payload.set("request", handlerRequest);
        payload.set("callbackContext", request.callbackContext());
        payload.set("typeConfiguration", request.typeConfiguration());
        return call(out -> new HandlerWrapper().testEntrypoint(in(payload), out, lambdaContext()));
    }

    /** Invokes, then re-invokes while IN_PROGRESS with the returned model and context, as CloudFormation does. */
    public JsonNode invoke(final Request request) throws InterruptedException {
        Request next = request;
        JsonNode response = invokeOnce(next);
        while ("IN_PROGRESS".equals(response.path("status").asText())) {
            assertThat(response.path("errorCode").isMissingNode()).as("IN_PROGRESS carries no error code").isTrue();
            assertThat(response.path("resourceModel").path("ContainerUrl").asText())
                .as("IN_PROGRESS carries the primary identifier").isNotEmpty();
            Thread.sleep(Duration.ofSeconds(response.path("callbackDelaySeconds").asLong()).toMillis());
            next = next.withCallback(response.get("resourceModel"), response.get("callbackContext"));
            response = invokeOnce(next);
        }
        return response;
    }

    public List<Duration> invocationTimes() {
        return invocationTimes;
    }

    public String handlerLog() {
        return handlerLog.toString();
    }

    private interface EntryPoint {
        void call(ByteArrayOutputStream out) throws IOException;
    }

    private JsonNode call(final EntryPoint entryPoint) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final long start = System.nanoTime();
        try {
            entryPoint.call(out);
            invocationTimes.add(Duration.ofNanos(System.nanoTime() - start));
            return JSON.readTree(out.toByteArray());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ByteArrayInputStream in(final JsonNode body) {
        try {
            return new ByteArrayInputStream(JSON.writeValueAsBytes(body));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Context lambdaContext() {
        return new LambdaContext(UUID.randomUUID().toString(), INVOCATION_BUDGET, new LambdaLogger() {
            @Override
            public void log(final String message) {
                synchronized (handlerLog) {
                    handlerLog.append(message).append('\n');
                }
            }

            @Override
            public void log(final byte[] message) {
                log(new String(message, StandardCharsets.UTF_8));
            }
        });
    }
}
