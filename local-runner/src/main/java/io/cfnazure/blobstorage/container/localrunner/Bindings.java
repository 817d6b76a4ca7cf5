package io.cfnazure.blobstorage.container.localrunner;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * What the names of a template stand for while it is resolved: parameter and pseudo parameter values, the resources'
 * physical IDs and attributes, the conditions' values, the mappings, and the exports of other stacks. A resource not
 * deployed yet has no values: {@link #physicalId} and {@link #attribute} then answer
 * {@link com.fasterxml.jackson.databind.node.MissingNode}.
 */
interface Bindings {

    Optional<JsonNode> parameter(String name);

    boolean isResource(String logicalId);

    /**
     * Why a resource of the template cannot be referred to here, e.g. its condition is false so it is not created;
     * empty when it can.
     */
    Optional<String> unavailable(String logicalId);

    JsonNode physicalId(String logicalId);

    JsonNode attribute(String logicalId, String attribute);

    /** A condition's value; empty when the template declares no such condition. */
    Optional<Boolean> condition(String name);

    /** A map of the Mappings section; empty when there is no such map. */
    Optional<JsonNode> mapping(String name);

    /** The value another stack exports under this name; empty when none does. */
    Optional<String> exportedValue(String name);
}
