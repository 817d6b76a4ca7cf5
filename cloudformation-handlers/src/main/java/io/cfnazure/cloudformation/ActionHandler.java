package io.cfnazure.cloudformation;

import io.cfnazure.access.calls.Deadline;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.Logger;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.ResourceHandlerRequest;

/**
 * A type's handler of one action (its BaseHandlerStd), called with what the entry points gather for an invocation.
 *
 * @param <M> the type's resource model
 * @param <C> the type's callback context
 * @param <T> the type's type configuration
 */
@FunctionalInterface
public interface ActionHandler<M, C, T> {

    /**
     * @param callbackContext the previous invocation's, or null on the first
     * @param callerIdentity  tells callers apart (a hash of the caller's access key id); null without caller credentials
     */
    ProgressEvent<M, C> handleRequest(AmazonWebServicesClientProxy proxy, ResourceHandlerRequest<M> request,
                                      C callbackContext, Logger logger, T typeConfiguration, Deadline deadline,
                                      String callerIdentity);
}
