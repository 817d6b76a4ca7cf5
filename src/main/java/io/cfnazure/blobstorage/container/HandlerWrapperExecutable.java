package io.cfnazure.blobstorage.container;

import com.fasterxml.jackson.core.type.TypeReference;
import io.cfnazure.blobstorage.container.handlers.CallbackContext;
import io.cfnazure.access.calls.Deadline;
import io.cfnazure.blobstorage.container.model.ResourceModel;
import io.cfnazure.blobstorage.container.model.TypeConfigurationModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.json.JSONObject;
import software.amazon.cloudformation.Action;
import software.amazon.cloudformation.ExecutableWrapper;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.Credentials;
import software.amazon.cloudformation.proxy.HandlerRequest;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.ResourceHandlerRequest;

/**
 * The executable entry point ({@code .rpdk-config} executableEntrypoint) that {@code cfn test} uses when it runs the
 * handler as a process: the request JSON is the only argument, the progress event is printed between markers.
 */
public class HandlerWrapperExecutable extends ExecutableWrapper<ResourceModel, CallbackContext, TypeConfigurationModel> {

    private Credentials callerCredentials;

    public static void main(final String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: HandlerWrapperExecutable '<handler request JSON>'");
            System.exit(1);
        }
        final ByteArrayOutputStream response = new ByteArrayOutputStream();
        new HandlerWrapperExecutable().handleRequest(
            new ByteArrayInputStream(args[0].getBytes(StandardCharsets.UTF_8)), response);
        System.out.println("__CFN_RESOURCE_START_RESPONSE__");
        System.out.println(response.toString(StandardCharsets.UTF_8));
        System.out.println("__CFN_RESOURCE_END_RESPONSE__");
    }

    @Override
    public ProgressEvent<ResourceModel, CallbackContext> invokeHandler(
        final AmazonWebServicesClientProxy proxy,
        final ResourceHandlerRequest<ResourceModel> request,
        final Action action,
        final CallbackContext callbackContext,
        final TypeConfigurationModel typeConfiguration) {
        // A process has no Lambda context: it gets the function timeout of template.yml.
        return ResourceHandlers.invoke(proxy, request, action, callbackContext, loggerProxy, typeConfiguration,
            Deadline.DEFAULT_FUNCTION_TIMEOUT, callerCredentials);
    }

    @Override
    protected JSONObject provideResourceSchemaJSONObject() {
        return TypeSchema.CONTAINER.json();
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
}
