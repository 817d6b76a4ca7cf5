package io.cfnazure.blobstorage.container;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.core.type.TypeReference;
import io.cfnazure.blobstorage.container.azure.AzureClients;
import io.cfnazure.blobstorage.container.credentials.CallerCredentialClients;
import io.cfnazure.blobstorage.container.handlers.CallbackContext;
import io.cfnazure.access.calls.Deadline;
import io.cfnazure.blobstorage.container.model.ResourceModel;
import io.cfnazure.blobstorage.container.model.TypeConfigurationModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.json.JSONObject;
import software.amazon.cloudformation.Action;
import software.amazon.cloudformation.LambdaWrapper;
import software.amazon.cloudformation.loggers.LambdaLogPublisher;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.Credentials;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.HandlerRequest;
import software.amazon.cloudformation.proxy.LoggerProxy;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.ResourceHandlerRequest;
import software.amazon.cloudformation.proxy.ResourceHandlerTestPayload;

/**
 * The Lambda entry point CloudFormation calls ({@code handleRequest}) and the one {@code cfn test} calls
 * ({@code testEntrypoint}). Written by hand: the build does not need {@code cfn generate}.
 */
public class HandlerWrapper extends LambdaWrapper<ResourceModel, CallbackContext, TypeConfigurationModel> {

    private static final TypeReference<ResourceHandlerTestPayload<ResourceModel, CallbackContext, TypeConfigurationModel>>
        TEST_PAYLOAD_TYPE = new TypeReference<>() { };
    /** Started when Lambda loads this class, in its init phase; the first invocation waits for it (see below). */
    private static final CompletableFuture<Void> PRIMED = ColdStartPriming.start();

    /** The invocation being served (Lambda runs one at a time per instance): its remaining time bounds the handler. */
    private Context lambdaContext;
    private Credentials callerCredentials;

    @Override
    public void handleRequest(final InputStream inputStream, final OutputStream outputStream, final Context context)
        throws IOException {
        lambdaContext = context;
        callerCredentials = null;
        try {
            super.handleRequest(inputStream, outputStream, context);
        } finally {
            lambdaContext = null;
        }
    }

    @Override
    public ProgressEvent<ResourceModel, CallbackContext> invokeHandler(
        final AmazonWebServicesClientProxy proxy,
        final ResourceHandlerRequest<ResourceModel> request,
        final Action action,
        final CallbackContext callbackContext,
        final TypeConfigurationModel typeConfiguration) {
        ColdStartPriming.awaitQuietly(PRIMED);
        return ResourceHandlers.invoke(proxy, request, action, callbackContext, loggerProxy, typeConfiguration,
            lambdaContext == null ? Deadline.DEFAULT_FUNCTION_TIMEOUT
                : Duration.ofMillis(lambdaContext.getRemainingTimeInMillis()), callerCredentials);
    }

    /** What {@code cfn test} invokes: a payload with the action, the caller's credentials and the request. */
    public void testEntrypoint(final InputStream inputStream, final OutputStream outputStream, final Context context)
        throws IOException {
        loggerProxy = new LoggerProxy();
        loggerProxy.addLogPublisher(new LambdaLogPublisher(context.getLogger()));
        ProgressEvent<ResourceModel, CallbackContext> response;
        try {
            final ResourceHandlerTestPayload<ResourceModel, CallbackContext, TypeConfigurationModel> payload =
                serializer.deserialize(new String(inputStream.readAllBytes(), StandardCharsets.UTF_8), TEST_PAYLOAD_TYPE);
            final AmazonWebServicesClientProxy proxy = new AmazonWebServicesClientProxy(
                loggerProxy, payload.getCredentials(), () -> (long) context.getRemainingTimeInMillis());
            ColdStartPriming.awaitQuietly(PRIMED);
            response = ResourceHandlers.invoke(proxy, payload.getRequest(), payload.getAction(),
                payload.getCallbackContext(), loggerProxy, payload.getTypeConfiguration(),
                Duration.ofMillis(context.getRemainingTimeInMillis()), payload.getCredentials());
        } catch (final Exception e) {
            // Handlers map their own failures; what reaches here is a payload that could not be read.
            loggerProxy.log("Test payload rejected: " + e.getClass().getSimpleName());
            response = ProgressEvent.failed(null, null, HandlerErrorCode.InvalidRequest,
                "The test payload could not be read: " + e.getClass().getSimpleName());
        }
        try (OutputStream out = outputStream) {
            writeResponse(out, response);
        }
    }

    @Override
    protected JSONObject provideResourceSchemaJSONObject() {
        return TypeSchema.CONTAINER.json();
    }

    /** As the wrapper does it, with the schema loaded once rather than on every invocation. */
    @Override
    protected ResourceModel sanitizeModel(final ResourceModel model) throws IOException {
        return TypeSchema.CONTAINER.withoutWriteOnlyProperties(model, serializer, getModelTypeReference());
    }

    @Override
    protected Map<String, String> provideResourceDefinedTags(final ResourceModel resourceModel) {
        return null; // the type is not taggable
    }

    @Override
    protected ResourceHandlerRequest<ResourceModel> transform(
        final HandlerRequest<ResourceModel, CallbackContext, TypeConfigurationModel> request) {
        callerCredentials = request.getRequestData() == null ? null : request.getRequestData().getCallerCredentials();
        return ResourceHandlers.toResourceHandlerRequest(request, getStackId(request));
    }

    @Override
    protected TypeReference<HandlerRequest<ResourceModel, CallbackContext, TypeConfigurationModel>> getTypeReference() {
        return ResourceHandlers.REQUEST_TYPE;
    }

    @Override
    protected TypeReference<ResourceModel> getModelTypeReference() {
        return ResourceHandlers.MODEL_TYPE;
    }

    /**
     * A cold start's first invocation would load and initialise thousands of classes one after the other: the AWS
     * SDK's Secrets Manager and STS clients and their request handling, Azure Storage's and Azure Identity's clients
     * with Reactor and MSAL. These groups do not depend on each other, so two background threads load them during Lambda's init
     * phase and the wrapper's own start, by building the same clients and making their calls against answers in
     * memory ({@link CallerCredentialClients#prime}, {@link AzureClients#prime()}). No request leaves the process and
     * no value is real; the clients that serve requests are the usual ones. This shortens a cold start where a second
     * core is free, and costs a little CPU time where none is.
     */
    private static final class ColdStartPriming {

        /** Far longer than priming takes; only a stuck priming thread would make the invocation wait this long. */
        private static final Duration LONGEST_WAIT = Duration.ofSeconds(5);

        static CompletableFuture<Void> start() {
            final ExecutorService threads = Executors.newFixedThreadPool(2, task -> {
                final Thread thread = new Thread(task, "cold-start-priming");
                thread.setDaemon(true);
                return thread;
            });
            final CompletableFuture<Void> primed = CompletableFuture.allOf(
                CompletableFuture.runAsync(ColdStartPriming::aws, threads),
                CompletableFuture.runAsync(AzureClients::prime, threads));
            primed.whenComplete((done, failure) -> threads.shutdown());
            return primed;
        }

        /**
         * Waits for priming before the handler runs, so that it never initialises a class of these libraries while a
         * priming thread does (two threads initialising classes that need each other would wait for each other). The
         * invocation's deadline is taken after the wait. A failed priming is ignored: the handler then loads what it
         * needs itself.
         */
        static void awaitQuietly(final CompletableFuture<Void> primed) {
            try {
                primed.get(LONGEST_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (final ExecutionException | TimeoutException e) {
                // Priming only saves time.
            }
        }

        /**
         * The Secrets Manager and STS clients of the function's own Region (Lambda's AWS_REGION), where CloudFormation
         * invokes it.
         */
        private static void aws() {
            final String region = System.getenv("AWS_REGION");
            if (region != null) {
                CallerCredentialClients.prime(region);
            }
        }
    }
}
