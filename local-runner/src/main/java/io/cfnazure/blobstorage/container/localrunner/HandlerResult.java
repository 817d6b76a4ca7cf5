package io.cfnazure.blobstorage.container.localrunner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A handler's progress event as the runner reads it (the CloudFormation driver returns it as JSON), plus the client
 * request token of the operation.
 *
 * @param resourceModel null unless the handler returned one
 */
record HandlerResult(String status, String errorCode, String message, ObjectNode resourceModel,
                     List<ObjectNode> resourceModels, String nextToken, String requestToken) {

    static final String SUCCESS = "SUCCESS";
    static final String FAILED = "FAILED";
    static final String NOT_FOUND = "NotFound";

    static HandlerResult parse(final JsonNode event, final String requestToken) {
        final List<ObjectNode> models = new ArrayList<>();
        event.path("resourceModels").forEach(model -> models.add((ObjectNode) model));
        return new HandlerResult(event.path("status").asText(), event.path("errorCode").asText(null),
            event.path("message").asText(null),
            event.path("resourceModel").isObject() ? (ObjectNode) event.get("resourceModel") : null,
            models, event.path("nextToken").asText(null), requestToken);
    }

    boolean succeeded() {
        return SUCCESS.equals(status);
    }

    boolean notFound() {
        return FAILED.equals(status) && NOT_FOUND.equals(errorCode);
    }

    /** The failure as CloudFormation shows it in a stack event's status reason. */
    String statusReason() {
        if (errorCode == null) {
            return message;
        }
        return String.format("Resource handler returned message: \"%s\" (RequestToken: %s, HandlerErrorCode: %s)",
            message, requestToken, errorCode);
    }
}
