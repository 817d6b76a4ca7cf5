package io.cfnazure.blobstorage.container.localrunner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.blobstorage.container.localrunner.SchemaValidation.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.json.JSONObject;
import org.json.JSONTokener;
import software.amazon.cloudformation.resource.ResourceTypeSchema;

/**
 * A resource type's schema as CloudFormation reads it: which properties a template may set, which are read-only,
 * write-only or create-only, what {@code Fn::GetAtt} may ask for, and validation with the same validator the
 * handler's wrapper uses. The property lists come from the plugin's {@link ResourceTypeSchema}.
 */
final class ResourceSchema {

    static final String SCHEMA_FILE = "azure-blobstorage-container.json";
    private static final String PROPERTIES = "/properties/";

    private final JSONObject schema;
    private final ResourceTypeSchema definition;

    private ResourceSchema(final JSONObject schema) {
        this.schema = schema;
        this.definition = ResourceTypeSchema.load(schema);
    }

    /** The container type's schema, as its handler is built with: the copy on the class path, beside its classes. */
    static ResourceSchema load() {
        return load(ResourceSchema.class.getClassLoader(), SCHEMA_FILE);
    }

    /** A type's schema from the class loader of its handler. */
    static ResourceSchema load(final ClassLoader handlerClasses, final String schemaFile) {
        try (InputStream in = handlerClasses.getResourceAsStream(schemaFile)) {
            if (in == null) {
                throw new IllegalStateException(schemaFile + " is not on the class path: build the project first");
            }
            return new ResourceSchema(new JSONObject(new JSONTokener(in)));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema as the plugin reads it, for the CloudFormation driver (type name, handler timeouts). */
    ResourceTypeSchema definition() {
        return definition;
    }

    String typeName() {
        return definition.getTypeName();
    }

    Set<String> readOnlyProperties() {
        return names(definition.getReadOnlyPropertiesAsStrings());
    }

    Set<String> writeOnlyProperties() {
        return names(definition.getWriteOnlyPropertiesAsStrings());
    }

    Set<String> createOnlyProperties() {
        return names(definition.getCreateOnlyPropertiesAsStrings());
    }

    /** The property whose value is the physical ID ({@code Ref} of the resource). */
    String primaryIdentifier() {
        return names(definition.getPrimaryIdentifierAsStrings()).iterator().next();
    }

    /** What {@code Fn::GetAtt} may name: as in CloudFormation, a registry type's read-only properties. */
    Set<String> attributeNames() {
        return readOnlyProperties();
    }

    /**
     * The schema's {@code default} for the value at a path below the properties (property names, and indexes into
     * arrays); empty when the schema gives none.
     */
    Optional<JsonNode> defaultValue(final List<String> path) {
        final JSONObject valueSchema = SchemaValidation.subSchema(schema, path);
        if (!valueSchema.has("default")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readTree(JSONObject.valueToString(valueSchema.get("default"))));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the order of the array at a path matters: unless its schema says {@code insertionOrder: false}. */
    boolean orderMatters(final List<String> path) {
        return SchemaValidation.subSchema(schema, path).optBoolean("insertionOrder", true);
    }

    /**
     * Strings in boolean and number properties become booleans and numbers. CloudFormation hands parameter values
     * over as strings and the handler's wrapper converts them the same way; validating the strings would refuse
     * templates CloudFormation accepts.
     */
    ObjectNode coerce(final ObjectNode properties) {
        final ObjectNode coerced = properties.deepCopy();
        for (final Iterator<String> names = properties.fieldNames(); names.hasNext(); ) {
            final String name = names.next();
            final JsonNode value = properties.get(name);
            final String type = SchemaValidation.subSchema(schema, List.of(name)).optString("type");
            if (value.isTextual() && "boolean".equals(type) && value.asText().matches("(?i)true|false")) {
                coerced.put(name, Boolean.parseBoolean(value.asText()));
            } else if (value.isTextual() && ("number".equals(type) || "integer".equals(type))) {
                try {
                    coerced.put(name, new BigDecimal(value.asText()));
                } catch (final NumberFormatException e) {
                    // not a number: the validator names the property
                }
            }
        }
        return coerced;
    }

    /**
     * What the schema finds wrong with a resource's properties. {@code unknownProperties} are set but cannot be
     * resolved yet (they use another resource's attributes): they count as present, and are checked when the resource
     * is deployed.
     */
    List<Violation> violations(final ObjectNode properties, final Set<String> unknownProperties) {
        final ObjectNode known = properties.deepCopy();
        known.remove(unknownProperties);
        final List<Violation> problems = new ArrayList<>();
        for (final String name : readOnlyProperties()) {
            if (known.has(name)) {
                problems.add(new Violation(name, "is read-only: " + typeName() + " returns it (read it with "
                    + "!GetAtt or !Ref), a template cannot set it"));
            }
        }
        problems.addAll(SchemaValidation.violations(known, schema, "a property of " + typeName(), unknownProperties));
        return problems;
    }

    /** What the schema finds wrong with a type configuration (aws cloudformation set-type-configuration). */
    List<Violation> typeConfigurationViolations(final ObjectNode configuration) {
        // The type configuration's $refs point into the resource schema's definitions.
        final JSONObject configurationSchema = new JSONObject(schema.getJSONObject("typeConfiguration").toString())
            .put("definitions", schema.getJSONObject("definitions"));
        return SchemaValidation.violations(configuration, configurationSchema, "a type configuration setting", Set.of());
    }

    /** Top-level property names of {@code /properties/Name} pointers, in the schema's order. */
    private static Set<String> names(final List<String> pointers) {
        final Set<String> names = new LinkedHashSet<>();
        pointers.forEach(pointer -> names.add(pointer.substring(PROPERTIES.length())));
        return names;
    }
}
