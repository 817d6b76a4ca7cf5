package io.cfnazure.blobstorage.container.localrunner;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a CloudFormation operation tells the handler besides the action: the stack and resource, the desired and
 * previous properties, and List's paging.
 */
record HandlerCall(String stackId, String logicalId, ObjectNode desired, ObjectNode previous, String nextToken,
                   Integer maxResults) {

    static HandlerCall forResource(final String stackId, final String logicalId, final ObjectNode desired,
                                   final ObjectNode previous) {
        return new HandlerCall(stackId, logicalId, desired, previous, null, null);
    }

    static HandlerCall forList(final ObjectNode model, final String nextToken, final Integer maxResults) {
        return new HandlerCall(null, null, model, null, nextToken, maxResults);
    }
}
