package io.cfnazure.localcloud.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/**
 * One CloudFormation operation as the handler receives it: the action, the stack and resource, the desired and
 * previous properties, the type configuration, the client request token that stays the same across callbacks, the
 * callback context, and List's paging. Immutable; the "with" methods give variants.
 *
 * @param stackId null for List, which Cloud Control API sends without a stack
 */
public record HandlerRequest(String action, String stackId, String logicalId, JsonNode desired, JsonNode previous,
                             JsonNode typeConfiguration, String clientRequestToken, JsonNode callbackContext,
                             String nextToken, Integer maxResults) {

    /** A new operation (CREATE, READ, UPDATE, DELETE) on a stack's resource, with a new client request token. */
    public static HandlerRequest of(final String action, final String stackId, final String logicalId,
                                    final JsonNode desired) {
        return new HandlerRequest(action, stackId, logicalId, desired, null, null, UUID.randomUUID().toString(), null,
            null, null);
    }

    /** A List request for the model's scope (e.g. a storage account), first page. */
    public static HandlerRequest list(final JsonNode model) {
        return of("LIST", null, null, model);
    }

    public HandlerRequest withPrevious(final JsonNode previousModel) {
        return new HandlerRequest(action, stackId, logicalId, desired, previousModel, typeConfiguration,
            clientRequestToken, callbackContext, nextToken, maxResults);
    }

    /** @param configuration the account's type configuration (set-type-configuration); null for none */
    public HandlerRequest withTypeConfiguration(final JsonNode configuration) {
        return new HandlerRequest(action, stackId, logicalId, desired, previous, configuration, clientRequestToken,
            callbackContext, nextToken, maxResults);
    }

    /** The request CloudFormation sends back after IN_PROGRESS: the returned model and callback context. */
    public HandlerRequest withCallback(final JsonNode model, final JsonNode context) {
        return new HandlerRequest(action, stackId, logicalId, model, previous, typeConfiguration, clientRequestToken,
            context, nextToken, maxResults);
    }

    /**
     * @param token the previous page's nextToken; null for the first page
     * @param max   maxResults; null for the handler's default
     */
    public HandlerRequest withPage(final String token, final Integer max) {
        return new HandlerRequest(action, stackId, logicalId, desired, previous, typeConfiguration,
            clientRequestToken, callbackContext, token, max);
    }
}
