package io.cfnazure.cloudformation;

import com.fasterxml.jackson.core.type.TypeReference;
import io.cfnazure.access.calls.Deadline;
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
 * What a type's HandlerWrapperExecutable ({@code .rpdk-config} executableEntrypoint) does as the executable entry point
 * that {@code cfn test} uses when it runs the handler as a process: the request JSON is the only argument, the
 * progress event is printed between markers.
 */
public abstract class ResourceExecutableWrapper<M, C, T> extends ExecutableWrapper<M, C, T> {

    private Credentials callerCredentials;

    /** The type served: a constant, because the plugin's constructor already asks for its request type. */
    protected abstract ResourceType<M, C, T, ?> resourceType();

    /** The body of the type's {@code main}. */
    protected static void run(final String[] args, final ResourceExecutableWrapper<?, ?, ?> wrapper)
        throws IOException {
        if (args.length != 1) {
            System.err.println("usage: HandlerWrapperExecutable '<handler request JSON>'");
            System.exit(1);
        }
        final ByteArrayOutputStream response = new ByteArrayOutputStream();
        wrapper.handleRequest(new ByteArrayInputStream(args[0].getBytes(StandardCharsets.UTF_8)), response);
        System.out.println("__CFN_RESOURCE_START_RESPONSE__");
        System.out.println(response.toString(StandardCharsets.UTF_8));
        System.out.println("__CFN_RESOURCE_END_RESPONSE__");
    }

    @Override
    public ProgressEvent<M, C> invokeHandler(final AmazonWebServicesClientProxy proxy,
                                             final ResourceHandlerRequest<M> request, final Action action,
                                             final C callbackContext, final T typeConfiguration) {
        // A process has no Lambda context: it gets the function timeout of template.yml.
        return resourceType().invoke(proxy, request, action, callbackContext, loggerProxy, typeConfiguration,
            Deadline.DEFAULT_FUNCTION_TIMEOUT, callerCredentials);
    }

    @Override
    protected JSONObject provideResourceSchemaJSONObject() {
        return resourceType().schema().json();
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
