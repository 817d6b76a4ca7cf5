package io.cfnazure.blobstorage.account;

import com.fasterxml.jackson.core.type.TypeReference;
import io.cfnazure.blobstorage.account.handlers.BaseHandlerStd;
import io.cfnazure.blobstorage.account.handlers.CallbackContext;
import io.cfnazure.blobstorage.account.handlers.CreateHandler;
import io.cfnazure.blobstorage.account.handlers.DeleteHandler;
import io.cfnazure.blobstorage.account.handlers.Invocation;
import io.cfnazure.blobstorage.account.handlers.ListHandler;
import io.cfnazure.blobstorage.account.handlers.ReadHandler;
import io.cfnazure.blobstorage.account.handlers.UpdateHandler;
import io.cfnazure.blobstorage.account.model.ResourceModel;
import io.cfnazure.blobstorage.account.model.TypeConfigurationModel;
import io.cfnazure.access.calls.Deadline;
import io.cfnazure.blobstorage.container.model.Sha256;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import software.amazon.cloudformation.Action;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.Credentials;
import software.amazon.cloudformation.proxy.HandlerRequest;
import software.amazon.cloudformation.proxy.Logger;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.RequestData;
import software.amazon.cloudformation.proxy.ResourceHandlerRequest;

/** What both entry points share: the handler per action and the request translation (the schema: AccountSchema). */
final class ResourceHandlers {

    static final TypeReference<HandlerRequest<ResourceModel, CallbackContext, TypeConfigurationModel>> REQUEST_TYPE =
        new TypeReference<>() { };
    static final TypeReference<ResourceModel> MODEL_TYPE = new TypeReference<>() { };

    private static final Map<Action, BaseHandlerStd> HANDLERS = new EnumMap<>(Map.of(
        Action.CREATE, new CreateHandler(),
        Action.READ, new ReadHandler(),
        Action.UPDATE, new UpdateHandler(),
        Action.DELETE, new DeleteHandler(),
        Action.LIST, new ListHandler()));

    private ResourceHandlers() {
    }

    /**
     * Runs the action's handler.
     *
     * @param functionTimeLeft what the function has left before it times out (the Lambda context's remaining time)
     * @param caller the credentials CloudFormation passed, or null; only a hash of their key id is kept
     */
    static ProgressEvent<ResourceModel, CallbackContext> invoke(
        final AmazonWebServicesClientProxy proxy,
        final ResourceHandlerRequest<ResourceModel> request,
        final Action action,
        final CallbackContext callbackContext,
        final Logger logger,
        final TypeConfigurationModel typeConfiguration,
        final Duration functionTimeLeft,
        final Credentials caller) {
        final BaseHandlerStd handler = HANDLERS.get(action);
        if (handler == null) {
            throw new IllegalArgumentException("Unsupported action " + action);
        }
        final Deadline deadline = Deadline.forInvocation(Clock.systemUTC(), functionTimeLeft,
            action == Action.READ || action == Action.LIST ? Deadline.READ_AND_LIST_LIMIT : null);
        final String callerIdentity = caller == null || caller.getAccessKeyId() == null ? null
            : Sha256.hex(caller.getAccessKeyId());
        return handler.handleRequest(new Invocation(proxy, request, callbackContext, logger, typeConfiguration,
            deadline, callerIdentity));
    }

    static ResourceHandlerRequest<ResourceModel> toResourceHandlerRequest(
        final HandlerRequest<ResourceModel, CallbackContext, TypeConfigurationModel> request, final String stackId) {
        final RequestData<ResourceModel, TypeConfigurationModel> data = request.getRequestData();
        return ResourceHandlerRequest.<ResourceModel>builder()
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
}
