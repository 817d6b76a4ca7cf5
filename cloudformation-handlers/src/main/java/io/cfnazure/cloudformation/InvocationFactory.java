package io.cfnazure.cloudformation;

import io.cfnazure.access.calls.Deadline;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.Logger;
import software.amazon.cloudformation.proxy.ResourceHandlerRequest;

/**
 * Makes a type's Invocation from what the entry points gather for one call of a handler: the Invocation record's own
 * constructor ({@code Invocation::new}).
 *
 * @param <M> the type's resource model
 * @param <C> the type's callback context
 * @param <T> the type's type configuration
 * @param <I> the type's Invocation
 */
@FunctionalInterface
public interface InvocationFactory<M, C, T, I> {

    /**
     * @param callbackContext the previous invocation's, or null on the first
     * @param callerIdentity  tells callers apart (a hash of the caller's access key id); null without caller
     *                        credentials
     */
    I invocation(AmazonWebServicesClientProxy proxy, ResourceHandlerRequest<M> request, C callbackContext,
                 Logger logger, T typeConfiguration, Deadline deadline, String callerIdentity);
}
