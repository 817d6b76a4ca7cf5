package io.cfnazure.blobstorage.container.localrunner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;

/**
 * A type configuration as {@code aws cloudformation set-type-configuration --configuration} takes it, checked
 * against the schema's typeConfiguration.
 */
final class TypeConfigurationFile {

    private TypeConfigurationFile() {
    }

    static ObjectNode read(final Path file, final String displayName, final ResourceSchema schema) {
        final JsonNode configuration = TemplateReader.read(file, displayName);
        if (!configuration.isObject()) {
            throw new InputException(displayName + ": a type configuration is a JSON object");
        }
        final List<String> problems = schema.typeConfigurationViolations((ObjectNode) configuration).stream()
            .map(violation -> displayName + ": " + violation.placeIn("configuration") + ": " + violation.problem())
            .toList();
        if (!problems.isEmpty()) {
            throw new InputException(problems);
        }
        return (ObjectNode) configuration;
    }
}
