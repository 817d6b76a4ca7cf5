package io.cfnazure.cloudformation;

import io.cfnazure.access.calls.SafeText;
import software.amazon.cloudformation.proxy.Logger;

/** What {@link HandlerTemplate} needs of a type's Invocation (a record): the handler's logger and callback context. */
public interface HandlerInvocation<C> {

    Logger logger();

    C callbackContext();

    /** Logs one line: whatever the message holds, it cannot start a line of its own in the handler's log. */
    default void log(final String message) {
        logger().log(SafeText.oneLine(message));
    }
}
