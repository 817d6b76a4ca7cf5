package io.cfnazure.cloudformation;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.core.type.TypeReference;
import io.cfnazure.access.calls.Deadline;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
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
 * What a type's HandlerWrapper (the class its {@code .rpdk-config} names) does as the Lambda entry point CloudFormation
 * calls ({@code handleRequest}) and the one {@code cfn test} calls ({@code testEntrypoint}): the wrapper the plugin
 * would generate, for any {@link ResourceType}, with the invocation bounded by the function's remaining time.
 */
public abstract class ResourceLambdaWrapper<M, C, T> extends LambdaWrapper<M, C, T> {

    /** The invocation being served (Lambda runs one at a time per instance): its remaining time bounds the handler. */
    private Context lambdaContext;
    private Credentials callerCredentials;

    /** The type served: a constant, because the plugin's constructor already asks for its request type. */
    protected abstract ResourceType<M, C, T, ?> resourceType();

    /** Runs before each handler, before its deadline is taken. */
    protected void beforeHandler() {
    }

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
    public ProgressEvent<M, C> invokeHandler(final AmazonWebServicesClientProxy proxy,
                                             final ResourceHandlerRequest<M> request, final Action action,
                                             final C callbackContext, final T typeConfiguration) {
        beforeHandler();
        return resourceType().invoke(proxy, request, action, callbackContext, loggerProxy, typeConfiguration,
            lambdaContext == null ? Deadline.DEFAULT_FUNCTION_TIMEOUT
                : Duration.ofMillis(lambdaContext.getRemainingTimeInMillis()), callerCredentials);
    }

    /** What {@code cfn test} invokes: a payload with the action, the caller's credentials and the request. */
    public void testEntrypoint(final InputStream inputStream, final OutputStream outputStream, final Context context)
        throws IOException {
        loggerProxy = new LoggerProxy();
        loggerProxy.addLogPublisher(new LambdaLogPublisher(context.getLogger()));
        ProgressEvent<M, C> response;
        try {
            final ResourceHandlerTestPayload<M, C, T> payload = serializer.deserialize(
                new String(inputStream.readAllBytes(), StandardCharsets.UTF_8), resourceType().testPayloadType());
            final AmazonWebServicesClientProxy proxy = new AmazonWebServicesClientProxy(
                loggerProxy, payload.getCredentials(), () -> (long) context.getRemainingTimeInMillis());
            beforeHandler();
            response = resourceType().invoke(proxy, payload.getRequest(), payload.getAction(),
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
        return resourceType().schema().json();
    }

    /**
     * As the wrapper does it, with the schema loaded once rather than on every invocation. Public: each type's tests
     * check what its responses' models lose.
     */
    @Override
    public M sanitizeModel(final M model) throws IOException {
        return resourceType().schema().withoutWriteOnlyProperties(model, serializer, getModelTypeReference());
    }

    @Override
    protected Map<String, String> provideResourceDefinedTags(final M resourceModel) {
        return resourceType().resourceDefinedTags(resourceModel);
    }

    @Override
    protected ResourceHandlerRequest<M> transform(final HandlerRequest<M, C, T> request) {
        callerCredentials = ResourceType.callerCredentialsOf(request);
        return resourceType().toResourceHandlerRequest(request, getStackId(request));
    }

    @Override
    protected TypeReference<HandlerRequest<M, C, T>> getTypeReference() {
        return resourceType().requestType();
    }

    @Override
    protected TypeReference<M> getModelTypeReference() {
        return resourceType().modelType();
    }
}
