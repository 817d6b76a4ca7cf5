package io.cfnazure.blobstorage.account;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.core.type.TypeReference;
import io.cfnazure.blobstorage.account.handlers.CallbackContext;
import io.cfnazure.blobstorage.account.model.ResourceModel;
import io.cfnazure.blobstorage.account.model.TypeConfigurationModel;
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
 * The Lambda entry point CloudFormation calls ({@code handleRequest}) and the one {@code cfn test} calls
 * ({@code testEntrypoint}). Written by hand: the build does not need {@code cfn generate}.
 */
public class HandlerWrapper extends LambdaWrapper<ResourceModel, CallbackContext, TypeConfigurationModel> {

    private static final TypeReference<ResourceHandlerTestPayload<ResourceModel, CallbackContext, TypeConfigurationModel>>
        TEST_PAYLOAD_TYPE = new TypeReference<>() { };

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
        return AccountSchema.TYPE.json();
    }

    /** As the wrapper does it, with the schema loaded once rather than on every invocation. */
    @Override
    protected ResourceModel sanitizeModel(final ResourceModel model) throws IOException {
        return AccountSchema.TYPE.withoutWriteOnlyProperties(model, serializer, getModelTypeReference());
    }

    @Override
    protected Map<String, String> provideResourceDefinedTags(final ResourceModel resourceModel) {
        return resourceModel.getTags();
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
}
