package io.cfnazure.blobstorage.container.localrunner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The runner's one JSON mapper: exact decimals (a template's 1.10 stays 1.10) and readable state files. */
final class Json {

    static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    static final ObjectMapper MAPPER = new ObjectMapper()
        .setNodeFactory(NODES)
        .enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    /** A scalar as CloudFormation compares and substitutes it: its text; null for objects and arrays. */
    static String scalarText(final JsonNode node) {
        return node == null || node.isContainerNode() || node.isNull() ? null : node.asText();
    }
}
