package io.cfnazure.localcloud.cloudformation;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.localcloud.LambdaContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.cloudformation.resource.ResourceTypeSchema;

/**
 * Plays CloudFormation's side of the resource handler protocol for one resource type in one AWS account and Region:
 * builds the request JSON CloudFormation sends (protocol 2.0.0), hands it to the handler's Lambda entry point with a
 * Lambda context whose time counts down, and while the handler answers IN_PROGRESS, waits the callback delay and calls
 * again with the returned model and callback context under the same client request token, until it finishes or the
 * schema's timeoutInMinutes for the action runs out. The contract and integration tests and the local runner all drive
 * the handler with it. Answers are the progress event JSON as the handler wrote it; a failure the driver reports in
 * CloudFormation's place (a timeout, an entry point that wrote nothing) is a FAILED event without an error code.
 */
public final class CloudFormationDriver {

    /** The time one invocation gets unless told otherwise, as the Lambda function's timeout gives it (template.yml). */
    public static final Duration INVOCATION_BUDGET = Duration.ofSeconds(60);
    /** CloudFormation's timeout for a handler whose schema names none. */
    private static final Duration DEFAULT_HANDLER_TIMEOUT = Duration.ofMinutes(120);
    /** Exact decimals, so that a template's 1.10 comes back as 1.10. */
    private static final ObjectMapper JSON = JsonMapper.builder()
        .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
        .build();
    private static final List<Observer> OBSERVERS = new CopyOnWriteArrayList<>();

    private final ResourceTypeSchema schema;
    private final RequestStreamHandler entryPoint;
    private final String accountId;
    private final String region;
    private final Supplier<CallerCredentials> callerCredentials;
    private final Consumer<String> handlerLog;
    private final boolean maskCallerCredentials;
    private final Consumer<JsonNode> progressCheck;
    private final Duration functionTimeout;
    private final List<Duration> invocationTimes = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService invocations = Executors.newCachedThreadPool(task -> {
        final Thread thread = new Thread(task, "handler-invocation");
        thread.setDaemon(true); // an invocation over its budget is abandoned, as Lambda would stop it
        return thread;
    });

    private CloudFormationDriver(final Builder builder) {
        requirePrivateTmpdir();
        this.schema = builder.schema;
        this.entryPoint = builder.entryPoint;
        this.accountId = builder.accountId;
        this.region = builder.region;
        this.callerCredentials = builder.callerCredentials;
        this.handlerLog = builder.handlerLog;
        this.maskCallerCredentials = builder.maskCallerCredentials;
        this.progressCheck = builder.progressCheck;
        this.functionTimeout = builder.functionTimeout;
    }

    /**
     * @param entryPoint the handler's Lambda entry point, e.g. {@code new HandlerWrapper()::handleRequest}: one
     *                   instance for every invocation, as a warm Lambda function keeps its handler object
     */
    public static Builder forType(final ResourceTypeSchema schema, final RequestStreamHandler entryPoint) {
        return new Builder(schema, entryPoint);
    }

    /**
     * Tells {@code observer} every handler log line and every answer of every driver in this JVM from now on, until
     * {@link #stopObserving}: for a test run that scans all of them, e.g. for secrets, drivers that tests built for
     * themselves included.
     */
    public static void observeEveryDriver(final Observer observer) {
        OBSERVERS.add(observer);
    }

    public static void stopObserving(final Observer observer) {
        OBSERVERS.remove(observer);
    }

    /** Invokes, then calls back while IN_PROGRESS, as CloudFormation does; returns the final progress event. */
    public JsonNode invoke(final HandlerRequest request) {
        return invoke(request, progress -> { });
    }

    /** @param onProgress told of every IN_PROGRESS event */
    public JsonNode invoke(final HandlerRequest request, final Consumer<JsonNode> onProgress) {
        final Duration timeout = timeout(request.action());
        final Instant deadline = Instant.now().plus(timeout);
        HandlerRequest next = request;
        while (true) {
            final JsonNode event = invokeOnce(next);
            if (!"IN_PROGRESS".equals(event.path("status").asText())) {
                return event;
            }
            progressCheck.accept(event);
            onProgress.accept(event);
            final Duration delay = Duration.ofSeconds(event.path("callbackDelaySeconds").asLong());
            if (Instant.now().plus(delay).isAfter(deadline)) {
                return failed(String.format("The %s handler did not finish within the %d minutes its schema allows "
                    + "(handlers.%s.timeoutInMinutes).", request.action(), timeout.toMinutes(),
                    request.action().toLowerCase(Locale.ROOT)));
            }
            sleep(delay);
            next = next.withCallback(event.get("resourceModel"), event.get("callbackContext"));
        }
    }

    /** Sends the request once, as CloudFormation does, through the Lambda entry point. */
    public JsonNode invokeOnce(final HandlerRequest request) {
        final CallerCredentials credentials = callerCredentials.get();
        final ObjectNode requestData = JSON.createObjectNode();
        requestData.set("callerCredentials", JSON.valueToTree(credentials));
        requestData.put("logicalResourceId", request.logicalId());
        requestData.set("resourceProperties", request.desired());
        requestData.set("previousResourceProperties", request.previous());
        requestData.set("typeConfiguration", request.typeConfiguration());
        // No providerCredentials: with them the wrapper would publish metrics and logs to CloudWatch.
        final ObjectNode body = JSON.createObjectNode();
        body.put("awsAccountId", accountId);
        body.put("bearerToken", request.clientRequestToken());
        body.put("region", region);
        body.put("action", request.action());
        body.put("resourceType", schema.getTypeName());
        body.put("resourceTypeVersion", "00000001");
        body.put("stackId", request.stackId());
        body.set("requestData", requestData);
        body.set("callbackContext", request.callbackContext());
        body.put("nextToken", request.nextToken());
        if (request.maxResults() != null) {
            body.put("maxResults", request.maxResults());
        }
        return call(entryPoint, body, credentials);
    }

    /**
     * Sends the request once through the handler's test entry point, in the shape {@code cfn test} sends
     * ({@code HandlerWrapper::testEntrypoint}).
     */
    public JsonNode invokeTestEntrypoint(final RequestStreamHandler testEntrypoint, final HandlerRequest request) {
        final CallerCredentials credentials = callerCredentials.get();
        final ObjectNode handlerRequest = JSON.createObjectNode();
        handlerRequest.put("clientRequestToken", request.clientRequestToken());
        handlerRequest.set("desiredResourceState", request.desired());
        handlerRequest.set("previousResourceState", request.previous());
        handlerRequest.put("logicalResourceIdentifier", request.logicalId());
        handlerRequest.put("awsAccountId", accountId);
        handlerRequest.put("region", region);
        handlerRequest.put("stackId", request.stackId());
        final ObjectNode payload = JSON.createObjectNode();
        payload.set("credentials", JSON.valueToTree(credentials));
        payload.put("action", request.action());
        payload.set("request", handlerRequest);
        payload.set("callbackContext", request.callbackContext());
        payload.set("typeConfiguration", request.typeConfiguration());
        return call(testEntrypoint, payload, credentials);
    }

    /** How long each invocation took, in order. */
    public List<Duration> invocationTimes() {
        return List.copyOf(invocationTimes);
    }

    private JsonNode call(final RequestStreamHandler handler, final JsonNode input,
                          final CallerCredentials credentials) {
        final byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(input);
        } catch (final IOException e) {
            throw new UncheckedIOException("A request made of JSON nodes always serializes", e);
        }
        final ByteArrayOutputStream output = new ByteArrayOutputStream();
        final HandlerLog log = new HandlerLog(this::logLine, maskCallerCredentials
            ? Arrays.asList(credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken())
            : List.of());
        // The memory of template.yml's function.
        final LambdaContext context = new LambdaContext("azure-blobstorage-container-TypeFunction", 512,
            functionTimeout, log);
        final long start = System.nanoTime();
        final Future<?> invocation = invocations.submit(() -> {
            handler.handleRequest(new ByteArrayInputStream(bytes), output, context);
            return null;
        });
        JsonNode answer;
        try {
            invocation.get(functionTimeout.toMillis(), TimeUnit.MILLISECONDS);
            invocationTimes.add(Duration.ofNanos(System.nanoTime() - start));
            answer = JSON.readTree(output.toByteArray());
        } catch (final TimeoutException e) {
            invocation.cancel(true);
            answer = failed(String.format("The handler invocation ran longer than the %d s a Lambda invocation gets, "
                + "and was stopped.", functionTimeout.toSeconds()));
        } catch (final ExecutionException | IOException e) {
            final Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            answer = failed("The handler's entry point failed without a progress event: "
                + cause.getClass().getSimpleName() + ": " + cause.getMessage());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the handler ran", e);
        }
        final String answerText = answer.toString();
        OBSERVERS.forEach(observer -> observer.answer(answerText));
        return answer;
    }

    private void logLine(final String line) {
        if (handlerLog != null) {
            handlerLog.accept(line);
        }
        OBSERVERS.forEach(observer -> observer.logLine(line));
    }

    private Duration timeout(final String action) {
        final Integer minutes = schema.getHandlerTimeoutInMinutes(action.toLowerCase(Locale.ROOT));
        return minutes == null ? DEFAULT_HANDLER_TIMEOUT : Duration.ofMinutes(minutes);
    }

    /** A failure CloudFormation itself reports: a status reason, no handler error code. */
    private static JsonNode failed(final String message) {
        return JSON.createObjectNode().put("status", "FAILED").put("message", message);
    }

    private static void sleep(final Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to call the handler back", e);
        }
    }

    /**
     * The wrapper empties java.io.tmpdir on every invocation (Lambda's /tmp is the function's own). Called with the
     * machine's /tmp it would delete other programs' files, so the driver insists on a private directory, which
     * ./cfn-local and the Maven builds give it under target/.
     */
    private static void requirePrivateTmpdir() {
        final Path tmpdir = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        final Path parent = tmpdir.getParent();
        if (parent == null || parent.getFileName() == null || !parent.getFileName().toString().equals("target")) {
            throw new IllegalStateException("java.io.tmpdir is " + tmpdir + ", and the CloudFormation wrapper deletes "
                + "everything in it on each invocation. Run through ./cfn-local or Maven, which set a private "
                + "directory under target/.");
        }
    }

    /** Told of what every driver gives out ({@link #observeEveryDriver}). */
    public interface Observer {

        /** A line the handler logged, as the driver's handler log gets it. */
        void logLine(String line);

        /** A progress event as a caller of the driver gets it, as JSON text. */
        void answer(String answer);
    }

    /** What CloudFormation knows besides the request: where it runs, whose credentials it passes, where logs go. */
    public static final class Builder {
        private final ResourceTypeSchema schema;
        private final RequestStreamHandler entryPoint;
        private String accountId;
        private String region;
        private Supplier<CallerCredentials> callerCredentials;
        private Consumer<String> handlerLog;
        private boolean maskCallerCredentials;
        private Consumer<JsonNode> progressCheck = event -> { };
        private Duration functionTimeout = INVOCATION_BUDGET;

        private Builder(final ResourceTypeSchema schema, final RequestStreamHandler entryPoint) {
            this.schema = schema;
            this.entryPoint = entryPoint;
        }

        /** @param callerCredentials asked on every invocation, as CloudFormation passes fresh ones each time */
        public Builder account(final String awsAccountId, final String awsRegion,
                               final Supplier<CallerCredentials> credentials) {
            this.accountId = awsAccountId;
            this.region = awsRegion;
            this.callerCredentials = credentials;
            return this;
        }

        /**
         * Where the handler's log lines go (what CloudWatch Logs would get); without it they go only to the observers
         * ({@link #observeEveryDriver}).
         */
        public Builder handlerLog(final Consumer<String> lines) {
            this.handlerLog = lines;
            return this;
        }

        /**
         * Masks the caller's credentials in the handler log, should anything ever log them, for logs shown to people.
         * Tests that check the handler never logs them leave this off.
         */
        public Builder maskCallerCredentialsInLog() {
            this.maskCallerCredentials = true;
            return this;
        }

        /** Called with every IN_PROGRESS event of every {@link #invoke} before the callback, e.g. to assert rules. */
        public Builder checkEveryProgressEvent(final Consumer<JsonNode> check) {
            this.progressCheck = check;
            return this;
        }

        /** The Lambda function's timeout: each invocation's context counts down from it, and is stopped at it. */
        public Builder functionTimeout(final Duration timeout) {
            this.functionTimeout = timeout;
            return this;
        }

        public CloudFormationDriver build() {
            if (callerCredentials == null) {
                throw new IllegalStateException("The driver needs the account, Region and caller credentials");
            }
            return new CloudFormationDriver(this);
        }
    }
}
