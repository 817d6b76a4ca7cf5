package io.cfnazure.blobstorage.account.handlers;

import io.cfnazure.blobstorage.account.model.ResourceModel;
import io.cfnazure.blobstorage.account.model.TypeConfigurationModel;
import io.cfnazure.access.calls.Deadline;
import io.cfnazure.cloudformation.HandlerInvocation;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.Logger;
import software.amazon.cloudformation.proxy.ResourceHandlerRequest;

/**
 * One call of a handler: CloudFormation's request, the progress handed over from the previous call, the time left,
 * and who the caller is.
 *
 * @param callerIdentity tells callers apart for the secret cache (a hash of the caller's access key id); null when the
 *                       request carries no caller credentials
 */
public record Invocation(AmazonWebServicesClientProxy proxy, ResourceHandlerRequest<ResourceModel> request,
                         CallbackContext callbackContext, Logger logger, TypeConfigurationModel typeConfiguration,
                         Deadline deadline, String callerIdentity)
    implements HandlerInvocation<CallbackContext> {

    public Invocation {
        callbackContext = callbackContext == null ? new CallbackContext() : callbackContext;
    }

    ResourceModel model() {
        return request.getDesiredResourceState();
    }
}
