package io.cfnazure.cloudformation;

import com.fasterxml.jackson.core.type.TypeReference;
import io.cfnazure.access.calls.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import software.amazon.cloudformation.Action;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.Credentials;
import software.amazon.cloudformation.proxy.HandlerRequest;
import software.amazon.cloudformation.proxy.Logger;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.RequestData;
import software.amazon.cloudformation.proxy.ResourceHandlerRequest;
import software.amazon.cloudformation.proxy.ResourceHandlerTestPayload;

/**
 * A resource type as its entry points ({@link ResourceLambdaWrapper}, {@link ResourceExecutableWrapper}) serve it: its
 * schema, the Java types the plugin reads requests into, its resource-defined tags and the handler per action. The
 * Java types are the type's own concrete classes, which Jackson needs; a type passes them as
 * {@code new TypeReference<>() { }}.
 *
 * @param <M> the type's resource model
 * @param <C> the type's callback context
 * @param <T> the type's type configuration
 * @param <I> the type's Invocation, what its handlers are called with
 */
public final class ResourceType<M, C, T, I> {

    private final TypeSchema schema;
    private final TypeReference<HandlerRequest<M, C, T>> requestType;
    private final TypeReference<M> modelType;
    private final TypeReference<ResourceHandlerTestPayload<M, C, T>> testPayloadType;
    private final Function<M, Map<String, String>> resourceDefinedTags;
    private final InvocationFactory<M, C, T, I> invocations;
    private final Map<Action, ActionHandler<M, C, I>> handlers;

    /** @param resourceDefinedTags the tags the model defines, or null for each model of a type that is not taggable */
    public ResourceType(final TypeSchema schema, final TypeReference<HandlerRequest<M, C, T>> requestType,
                        final TypeReference<M> modelType,
                        final TypeReference<ResourceHandlerTestPayload<M, C, T>> testPayloadType,
                        final Function<M, Map<String, String>> resourceDefinedTags,
                        final InvocationFactory<M, C, T, I> invocations,
                        final Map<Action, ? extends ActionHandler<M, C, I>> handlers) {
        this.schema = schema;
        this.requestType = requestType;
        this.modelType = modelType;
        this.testPayloadType = testPayloadType;
        this.resourceDefinedTags = resourceDefinedTags;
        this.invocations = invocations;
        this.handlers = new EnumMap<>(handlers);
    }

    /**
     * Runs the action's handler. READ and LIST answer within {@link Deadline#READ_AND_LIST_LIMIT} at most; every action
     * within what the function has left.
     *
     * @param functionTimeLeft what the function has left before it times out (the Lambda context's remaining time)
     * @param caller the credentials CloudFormation passed, or null; only a hash of their key id is kept
     */
    public ProgressEvent<M, C> invoke(final AmazonWebServicesClientProxy proxy, final ResourceHandlerRequest<M> request,
                                      final Action action, final C callbackContext, final Logger logger,
                                      final T typeConfiguration, final Duration functionTimeLeft,
                                      final Credentials caller) {
        final ActionHandler<M, C, I> handler = handlers.get(action);
        if (handler == null) {
            throw new IllegalArgumentException("Unsupported action " + action);
        }
        final Deadline deadline = Deadline.forInvocation(Clock.systemUTC(), functionTimeLeft,
            action == Action.READ || action == Action.LIST ? Deadline.READ_AND_LIST_LIMIT : null);
        final String callerIdentity = caller == null || caller.getAccessKeyId() == null ? null
            : Sha256.hex(caller.getAccessKeyId());
        return handler.handleRequest(invocations.invocation(proxy, request, callbackContext, logger,
            typeConfiguration, deadline, callerIdentity));
    }

    /** The handler's request: the plugin's request, the stack's id as the wrapper finds it. */
    ResourceHandlerRequest<M> toResourceHandlerRequest(final HandlerRequest<M, C, T> request, final String stackId) {
        final RequestData<M, T> data = request.getRequestData();
        return ResourceHandlerRequest.<M>builder()
            .clientRequestToken(request.getBearerToken())
            .desiredResourceState(data.getResourceProperties())
            .previousResourceState(data.getPreviousResourceProperties())
            .systemTags(data.getSystemTags())
            .awsAccountId(request.getAwsAccountId())
            .logicalResourceIdentifier(data.getLogicalResourceId())
            .nextToken(request.getNextToken())
            .maxResults(request.getMaxResults())
            .region(request.getRegion())
            .stackId(stackId)
            .build();
    }

    /** The caller's credentials CloudFormation passed with the request, or null. */
    static Credentials callerCredentialsOf(final HandlerRequest<?, ?, ?> request) {
        return request.getRequestData() == null ? null : request.getRequestData().getCallerCredentials();
    }

    TypeSchema schema() {
        return schema;
    }

    TypeReference<HandlerRequest<M, C, T>> requestType() {
        return requestType;
    }

    TypeReference<M> modelType() {
        return modelType;
    }

    TypeReference<ResourceHandlerTestPayload<M, C, T>> testPayloadType() {
        return testPayloadType;
    }

    Map<String, String> resourceDefinedTags(final M model) {
        return resourceDefinedTags.apply(model);
    }
}
