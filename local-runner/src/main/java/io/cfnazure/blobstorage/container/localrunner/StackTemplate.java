package io.cfnazure.blobstorage.container.localrunner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parts of a template the runner plays: Parameters, Resources (with Properties, DependsOn, Metadata) and Outputs.
 * Anything else CloudFormation knows (Conditions, Mappings, Transform, DeletionPolicy...) is refused by name rather
 * than silently ignored, so a local run never differs from a real one without saying so.
 */
record StackTemplate(String fileName, Map<String, ParameterDeclaration> parameters,
                     Map<String, TemplateResource> resources, Map<String, JsonNode> outputs) {

    private static final Set<String> SECTIONS = Set.of("AWSTemplateFormatVersion", "Description", "Metadata",
        "Parameters", "Resources", "Outputs");
    private static final Set<String> UNPLAYED_SECTIONS = Set.of("Conditions", "Mappings", "Transform", "Rules", "Hooks");
    private static final Set<String> RESOURCE_KEYS = Set.of("Type", "Properties", "DependsOn", "Metadata");
    private static final Set<String> UNPLAYED_RESOURCE_KEYS = Set.of("Condition", "DeletionPolicy",
        "UpdateReplacePolicy", "CreationPolicy", "UpdatePolicy");
    private static final Set<String> PARAMETER_TYPES = Set.of("String", "Number");
    private static final String LOGICAL_ID = "[A-Za-z0-9]+";

    /** One entry of Resources. */
    record TemplateResource(String logicalId, String type, ObjectNode properties, Set<String> dependsOn) {
    }

    /** One entry of Parameters. */
    record ParameterDeclaration(String name, String type, String defaultValue, List<String> allowedValues,
                                String allowedPattern, String constraintDescription) {
    }

    static StackTemplate parse(final JsonNode tree, final String fileName, final String supportedType) {
        final Problems problems = new Problems(fileName);
        if (!tree.isObject()) {
            throw new InputException(fileName + ": a template is a mapping of sections (Resources, ...)");
        }
        tree.fieldNames().forEachRemaining(section -> {
            if (UNPLAYED_SECTIONS.contains(section)) {
                problems.add(section, "is not supported by cfn-local");
            } else if (!SECTIONS.contains(section)) {
                problems.add(section, "is not a template section");
            }
        });
        final Map<String, ParameterDeclaration> parameters = new LinkedHashMap<>();
        mapping(tree, "Parameters", problems).forEach((name, node) -> parameter(name, node, problems)
            .ifPresent(parameter -> parameters.put(name, parameter)));
        final Map<String, TemplateResource> resources = new LinkedHashMap<>();
        mapping(tree, "Resources", problems).forEach((id, node) ->
            resources.put(id, resource(id, node, supportedType, problems)));
        if (resources.isEmpty() && tree.has("Resources")) {
            problems.add("Resources", "declares no resource; a stack needs at least one");
        } else if (!tree.has("Resources")) {
            problems.add("Resources", "is missing; a stack needs at least one resource");
        }
        final Map<String, JsonNode> outputs = new LinkedHashMap<>();
        mapping(tree, "Outputs", problems).forEach((name, node) -> {
            final String place = "Outputs." + name;
            if (!node.isObject() || !node.has("Value")) {
                problems.add(place, "needs a Value");
            } else if (node.has("Export")) {
                problems.add(place + ".Export", "is not supported by cfn-local");
            } else {
                outputs.put(name, node.get("Value"));
            }
        });
        problems.throwIfAny();
        return new StackTemplate(fileName, parameters, resources, outputs);
    }

    private static Map<String, JsonNode> mapping(final JsonNode tree, final String section, final Problems problems) {
        final Map<String, JsonNode> entries = new LinkedHashMap<>();
        final JsonNode node = tree.get(section);
        if (node == null) {
            return entries;
        }
        if (!node.isObject()) {
            problems.add(section, "must be a mapping");
            return entries;
        }
        node.fields().forEachRemaining(entry -> entries.put(entry.getKey(), entry.getValue()));
        return entries;
    }

    private static Optional<ParameterDeclaration> parameter(final String name, final JsonNode node,
                                                                      final Problems problems) {
        final String place = "Parameters." + name;
        final String type = node.path("Type").asText(null);
        if (!node.isObject() || type == null) {
            problems.add(place, "needs a Type");
            return Optional.empty();
        }
        if (!PARAMETER_TYPES.contains(type)) {
            problems.add(place + ".Type", type + " is not supported by cfn-local (use String or Number)");
            return Optional.empty();
        }
        final List<String> allowed = new ArrayList<>();
        node.path("AllowedValues").forEach(value -> allowed.add(value.asText()));
        return Optional.of(new ParameterDeclaration(name, type, Json.scalarText(node.get("Default")),
            allowed, node.path("AllowedPattern").asText(null), node.path("ConstraintDescription").asText(null)));
    }

    private static TemplateResource resource(final String id, final JsonNode node, final String supportedType,
                                             final Problems problems) {
        final String place = "Resources." + id;
        if (!id.matches(LOGICAL_ID)) {
            problems.add(place, "a logical ID may hold letters and digits only");
        }
        if (!node.isObject()) {
            problems.add(place, "must be a mapping with a Type");
            return new TemplateResource(id, null, Json.object(), Set.of());
        }
        node.fieldNames().forEachRemaining(key -> {
            if (UNPLAYED_RESOURCE_KEYS.contains(key)) {
                problems.add(place + "." + key, "is not supported by cfn-local");
            } else if (!RESOURCE_KEYS.contains(key)) {
                problems.add(place + "." + key, "is not a resource attribute");
            }
        });
        final String type = node.path("Type").asText(null);
        if (type == null) {
            problems.add(place + ".Type", "is missing");
        } else if (!type.equals(supportedType)) {
            problems.add(place + ".Type", type + " cannot run locally: cfn-local plays " + supportedType + " only");
        }
        final JsonNode properties = node.get("Properties");
        if (properties != null && !properties.isObject()) {
            problems.add(place + ".Properties", "must be a mapping");
        }
        final Set<String> dependsOn = new LinkedHashSet<>();
        final JsonNode declared = node.path("DependsOn");
        if (declared.isTextual()) {
            dependsOn.add(declared.asText());
        } else {
            declared.forEach(target -> dependsOn.add(target.asText()));
        }
        return new TemplateResource(id, type,
            properties != null && properties.isObject() ? (ObjectNode) properties : Json.object(), dependsOn);
    }

    /** Collects every problem of a file before refusing it, so one run shows them all. */
    static final class Problems {
        private final String fileName;
        private final List<String> problems = new ArrayList<>();

        Problems(final String fileName) {
            this.fileName = fileName;
        }

        void add(final String place, final String problem) {
            problems.add(fileName + ": " + place + ": " + problem);
        }

        void addAll(final InputException e) {
            problems.addAll(e.problems());
        }

        void throwIfAny() {
            if (!problems.isEmpty()) {
                throw new InputException(problems);
            }
        }
    }
}
