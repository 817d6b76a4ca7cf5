package io.cfnazure.cloudformation;

import software.amazon.cloudformation.proxy.ProgressEvent;

/**
 * A type's handler of one action (its BaseHandlerStd).
 *
 * @param <M> the type's resource model
 * @param <C> the type's callback context
 * @param <I> the type's Invocation
 */
@FunctionalInterface
public interface ActionHandler<M, C, I> {

    ProgressEvent<M, C> handleRequest(I invocation);
}
