package io.cfnazure.blobstorage.container.localrunner;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * What the names of a template stand for while it is resolved: parameter and pseudo parameter values, and the
 * resources' physical IDs and attributes. A resource not deployed yet has no values: {@link #physicalId} and
 * {@link #attribute} then answer {@link com.fasterxml.jackson.databind.node.MissingNode}.
 */
interface Bindings {

    Optional<JsonNode> parameter(String name);

    boolean isResource(String logicalId);

    JsonNode physicalId(String logicalId);

    JsonNode attribute(String logicalId, String attribute);
}
