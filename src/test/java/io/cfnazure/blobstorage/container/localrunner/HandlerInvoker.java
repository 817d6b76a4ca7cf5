package io.cfnazure.blobstorage.container.localrunner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.blobstorage.container.HandlerWrapper;
import io.cfnazure.blobstorage.container.testsupport.LambdaContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import software.amazon.cloudformation.Action;
import software.amazon.cloudformation.proxy.Credentials;

/**
 * Plays CloudFormation's side of the handler protocol: builds the request JSON CloudFormation sends, calls the
 * Lambda entry point {@link HandlerWrapper#handleRequest}, and while the handler answers IN_PROGRESS, waits the
 * callback delay and calls again with the returned callback context and model, under the same client request token,
 * until it finishes or the schema's timeoutInMinutes for the action runs out.
 */
final class HandlerInvoker {

    /** The time one invocation gets, as the Lambda function's timeout would give it. */
    static final Duration INVOCATION_BUDGET = Duration.ofSeconds(60);

    private final ResourceSchema schema;
    private final Target target;
    private final ObjectNode typeConfiguration;
    private final Consumer<String> handlerLog;
    private final ExecutorService invocations = Executors.newCachedThreadPool(task -> {
        final Thread thread = new Thread(task, "handler-invocation");
        thread.setDaemon(true); // an invocation over its budget is abandoned, as Lambda would stop it
        return thread;
    });

    /**
     * @param typeConfiguration null when none is set
     * @param handlerLog where the handler's log lines go; null to drop them
     */
    HandlerInvoker(final ResourceSchema schema, final Target target, final ObjectNode typeConfiguration,
                   final Consumer<String> handlerLog) {
        requirePrivateTmpdir();
        this.schema = schema;
        this.target = target;
        this.typeConfiguration = typeConfiguration;
        this.handlerLog = handlerLog;
    }

    /**
     * Runs one operation to its end.
     *
     * @param onProgress told of every IN_PROGRESS event
     */
    HandlerResult invoke(final Action action, final HandlerCall call, final Consumer<HandlerResult> onProgress) {
        final String requestToken = UUID.randomUUID().toString();
        final ObjectNode request = request(action, call, requestToken);
        final Duration timeout = schema.timeout(action);
        final Instant deadline = Instant.now().plus(timeout);
        while (true) {
            final Credentials credentials = target.callerCredentials().get();
            request.withObject("/requestData").set("callerCredentials", Json.MAPPER.valueToTree(credentials));
            final HandlerResult result = invokeOnce(request, requestToken, credentials);
            if (!HandlerResult.IN_PROGRESS.equals(result.status())) {
                return result;
            }
            onProgress.accept(result);
            final Duration delay = Duration.ofSeconds(result.callbackDelaySeconds());
            if (Instant.now().plus(delay).isAfter(deadline)) {
                return HandlerResult.failedLocally(String.format("The %s handler did not finish within the %d minutes "
                    + "its schema allows (handlers.%s.timeoutInMinutes).", action, timeout.toMinutes(),
                    action.name().toLowerCase(Locale.ROOT)), requestToken);
            }
            sleep(delay);
            request.withObject("/requestData").set("resourceProperties", result.resourceModel());
            request.set("callbackContext", result.callbackContext());
        }
    }

    private ObjectNode request(final Action action, final HandlerCall call, final String requestToken) {
        final ObjectNode request = Json.object()
            .put("action", action.name())
            .put("awsAccountId", target.accountId())
            .put("bearerToken", requestToken)
            .put("region", target.region())
            .put("resourceType", schema.typeName())
            .put("stackId", call.stackId())
            .put("nextToken", call.nextToken())
            .put("maxResults", call.maxResults());
        final ObjectNode data = request.putObject("requestData")
            .put("logicalResourceId", call.logicalId());
        data.set("resourceProperties", call.desired());
        data.set("previousResourceProperties", call.previous());
        data.set("typeConfiguration", typeConfiguration);
        // No providerCredentials: with them the wrapper would publish metrics and logs to CloudWatch.
        return request;
    }

    private HandlerResult invokeOnce(final ObjectNode request, final String requestToken,
                                     final Credentials credentials) {
        final byte[] input;
        try {
            input = Json.MAPPER.writeValueAsBytes(request);
        } catch (final IOException e) {
            throw new IllegalStateException("A request made of JSON nodes always serializes", e);
        }
        final ByteArrayOutputStream output = new ByteArrayOutputStream();
        final LambdaContext context = new LambdaContext(UUID.randomUUID().toString(), INVOCATION_BUDGET,
            new HandlerLog(handlerLog, Arrays.asList(credentials.getAccessKeyId(), credentials.getSecretAccessKey(),
                credentials.getSessionToken())));
        final Future<?> invocation = invocations.submit(() -> {
            new HandlerWrapper().handleRequest(new ByteArrayInputStream(input), output, context);
            return null;
        });
        try {
            invocation.get(INVOCATION_BUDGET.toMillis(), TimeUnit.MILLISECONDS);
            return HandlerResult.parse(Json.MAPPER.readTree(output.toByteArray()), requestToken);
        } catch (final TimeoutException e) {
            invocation.cancel(true);
            return HandlerResult.failedLocally(String.format("The handler invocation ran longer than the %d s a "
                + "Lambda invocation gets, and was stopped.", INVOCATION_BUDGET.toSeconds()), requestToken);
        } catch (final ExecutionException | IOException e) {
            final Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            return HandlerResult.failedLocally("The handler's entry point failed without a progress event: "
                + cause.getClass().getSimpleName() + ": " + cause.getMessage(), requestToken);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the handler ran", e);
        }
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
     * machine's /tmp it would delete other programs' files, so the runner insists on a private directory, which
     * ./cfn-local and the Maven build give it under target/.
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
}
