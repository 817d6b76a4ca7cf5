package io.cfnazure.blobstorage.container.localrunner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * The parts of a template the runner plays: Parameters, Conditions, Mappings, Resources (with Properties, DependsOn,
 * Condition, DeletionPolicy, UpdateReplacePolicy, Metadata) and Outputs (with Condition and Export). Anything else
 * CloudFormation knows (Transform, Rules, CreationPolicy...) is refused by name rather than silently ignored, so a
 * local run never differs from a real one without saying so.
 *
 * @param conditions the Conditions section as written; {@link DeployableTemplate} evaluates it
 * @param mappings   the Mappings section, checked to be maps of maps of values
 */
record StackTemplate(String fileName, Map<String, ParameterDeclaration> parameters, Map<String, JsonNode> conditions,
                     Map<String, JsonNode> mappings, Map<String, TemplateResource> resources,
                     Map<String, TemplateOutput> outputs) {

    static final String DELETION_POLICY = "DeletionPolicy";
    static final String UPDATE_REPLACE_POLICY = "UpdateReplacePolicy";
    private static final Set<String> SECTIONS = Set.of("AWSTemplateFormatVersion", "Description", "Metadata",
        "Parameters", "Conditions", "Mappings", "Resources", "Outputs");
    private static final Set<String> UNPLAYED_SECTIONS = Set.of("Transform", "Rules", "Hooks");
    private static final Set<String> RESOURCE_KEYS = Set.of("Type", "Properties", "DependsOn", "Metadata", "Condition",
        DELETION_POLICY, UPDATE_REPLACE_POLICY);
    private static final Set<String> UNPLAYED_RESOURCE_KEYS = Set.of("CreationPolicy", "UpdatePolicy");
    private static final List<String> OUTPUT_KEYS = List.of("Value", "Description", "Export", "Condition");
    private static final Set<String> PARAMETER_TYPES = Set.of("String", "Number");
    private static final String LOGICAL_ID = "[A-Za-z0-9]+";
    private static final String SNAPSHOT = "Snapshot";

    /**
     * One entry of Resources.
     *
     * @param condition the name of the condition that decides whether it is created; null when always
     */
    record TemplateResource(String logicalId, String type, ObjectNode properties, Set<String> dependsOn,
                            String condition, RemovalPolicies policies) {
    }

    /**
     * One entry of Outputs.
     *
     * @param exportName the Export's Name as written (it may use functions); null when not exported
     * @param condition  the name of the condition that decides whether it exists; null when always
     */
    record TemplateOutput(String name, JsonNode value, JsonNode exportName, String condition) {
    }

    /** One entry of Parameters. */
    record ParameterDeclaration(String name, String type, String defaultValue, List<String> allowedValues,
                                String allowedPattern, String constraintDescription) {
    }

    /** @param supportedTypes the resource types cfn-local plays */
    static StackTemplate parse(final JsonNode tree, final String fileName, final Set<String> supportedTypes) {
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
        final Map<String, JsonNode> conditions = mapping(tree, "Conditions", problems);
        final Map<String, JsonNode> mappings = mapping(tree, "Mappings", problems);
        mappings.forEach((name, node) -> checkMapping("Mappings." + name, node, problems));
        final Map<String, TemplateResource> resources = new LinkedHashMap<>();
        mapping(tree, "Resources", problems).forEach((id, node) ->
            resources.put(id, resource(id, node, supportedTypes, conditions.keySet(), problems)));
        if (resources.isEmpty() && tree.has("Resources")) {
            problems.add("Resources", "declares no resource; a stack needs at least one");
        } else if (!tree.has("Resources")) {
            problems.add("Resources", "is missing; a stack needs at least one resource");
        }
        final Map<String, TemplateOutput> outputs = new LinkedHashMap<>();
        mapping(tree, "Outputs", problems).forEach((name, node) -> output(name, node, conditions.keySet(), problems)
            .ifPresent(output -> outputs.put(name, output)));
        problems.throwIfAny();
        return new StackTemplate(fileName, parameters, conditions, mappings, resources, outputs);
    }

    /** A map of Mappings: top-level keys to second-level keys to a string, a number or a list of them. */
    private static void checkMapping(final String place, final JsonNode map, final Problems problems) {
        if (!map.isObject() || map.isEmpty()) {
            problems.add(place, "must map keys to mappings of values");
            return;
        }
        map.fields().forEachRemaining(top -> {
            if (!top.getValue().isObject() || top.getValue().isEmpty()) {
                problems.add(place + "." + top.getKey(), "must map keys to values");
                return;
            }
            top.getValue().fields().forEachRemaining(second -> {
                final JsonNode value = second.getValue();
                final boolean scalar = Json.scalarText(value) != null;
                final boolean list = value.isArray() && !value.isEmpty()
                    && StreamSupport.stream(value.spliterator(), false)
                        .allMatch(item -> Json.scalarText(item) != null);
                if (!scalar && !list) {
                    problems.add(place + "." + top.getKey() + "." + second.getKey(), "must be a string, a number or "
                        + "a list of them (Mappings take no functions)");
                }
            });
        });
    }

    private static Optional<TemplateOutput> output(final String name, final JsonNode node,
                                                   final Set<String> conditions, final Problems problems) {
        final String place = "Outputs." + name;
        if (!node.isObject() || !node.has("Value")) {
            problems.add(place, "needs a Value");
            return Optional.empty();
        }
        node.fieldNames().forEachRemaining(key -> {
            if (!OUTPUT_KEYS.contains(key)) {
                problems.add(place + "." + key, "is not an output attribute (" + String.join(", ", OUTPUT_KEYS) + ")");
            }
        });
        final JsonNode export = node.get("Export");
        if (export != null && (!export.isObject() || export.size() != 1 || !export.has("Name"))) {
            problems.add(place + ".Export", "takes a Name and nothing else");
            return Optional.empty();
        }
        return Optional.of(new TemplateOutput(name, node.get("Value"), export == null ? null : export.get("Name"),
            condition(node, place, conditions, problems)));
    }

    /** The Condition attribute of a resource or output: the name of a condition of the template. */
    private static String condition(final JsonNode node, final String place, final Set<String> conditions,
                                    final Problems problems) {
        final JsonNode condition = node.get("Condition");
        if (condition == null) {
            return null;
        }
        if (!condition.isTextual() || !conditions.contains(condition.asText())) {
            problems.add(place + ".Condition", "names " + (condition.isTextual() ? "'" + condition.asText() + "'"
                : "no condition") + ": it takes the name of a condition of the Conditions section ("
                + (conditions.isEmpty() ? "the template has none" : String.join(", ", conditions)) + ")");
            return null;
        }
        return condition.asText();
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

    private static TemplateResource resource(final String id, final JsonNode node, final Set<String> supportedTypes,
                                             final Set<String> conditions, final Problems problems) {
        final String place = "Resources." + id;
        if (!id.matches(LOGICAL_ID)) {
            problems.add(place, "a logical ID may hold letters and digits only");
        }
        if (!node.isObject()) {
            problems.add(place, "must be a mapping with a Type");
            return new TemplateResource(id, null, Json.object(), Set.of(), null, RemovalPolicies.DEFAULT);
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
        } else if (!supportedTypes.contains(type)) {
            problems.add(place + ".Type", type + " cannot run locally: cfn-local plays "
                + String.join(" and ", supportedTypes) + " only");
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
        final RemovalPolicies policies = new RemovalPolicies(
            policy(node, DELETION_POLICY, place, type, problems,
                RemovalPolicy.DELETE, RemovalPolicy.RETAIN, RemovalPolicy.RETAIN_EXCEPT_ON_CREATE),
            policy(node, UPDATE_REPLACE_POLICY, place, type, problems,
                RemovalPolicy.DELETE, RemovalPolicy.RETAIN));
        return new TemplateResource(id, type,
            properties != null && properties.isObject() ? (ObjectNode) properties : Json.object(), dependsOn,
            condition(node, place, conditions, problems), policies);
    }

    /**
     * DeletionPolicy or UpdateReplacePolicy: one of {@code allowed} as plain text, Delete when absent. Snapshot is
     * refused: these types have nothing to snapshot, and CloudFormation would quietly delete the resource instead.
     */
    /** Azure::BlobStorage::Container: "container". */
    private static String noun(final String type) {
        return type.substring(type.lastIndexOf(':') + 1).toLowerCase(Locale.ROOT);
    }

    private static RemovalPolicy policy(final JsonNode resource, final String attribute, final String place,
                                        final String type, final Problems problems,
                                        final RemovalPolicy... allowed) {
        final JsonNode value = resource.get(attribute);
        if (value == null) {
            return RemovalPolicy.DELETE;
        }
        final List<String> names = new ArrayList<>();
        for (final RemovalPolicy policy : allowed) {
            names.add(policy.templateName());
        }
        final Optional<RemovalPolicy> policy = value.isTextual()
            ? RemovalPolicy.ofTemplateName(value.asText()).filter(List.of(allowed)::contains) : Optional.empty();
        if (policy.isPresent()) {
            return policy.get();
        }
        if (!value.isTextual()) {
            problems.add(place + "." + attribute, "takes " + String.join(", ", names) + " as plain text (functions "
                + "here need the AWS::LanguageExtensions transform, which cfn-local does not play)");
        } else if (value.asText().equals(SNAPSHOT)) {
            problems.add(place + "." + attribute, "Snapshot is not supported: " + type + " has no snapshot "
                + "to take, and CloudFormation would delete the " + noun(type) + " instead. Use Retain to keep the "
                + noun(type) + " and its blobs.");
        } else {
            problems.add(place + "." + attribute, "'" + value.asText() + "' is not one of " + String.join(", ", names));
        }
        return RemovalPolicy.DELETE;
    }

    /**
     * Collects every problem of a file before refusing it, so one run shows them all; each once, though several
     * checks may meet it (a condition that uses a broken one).
     */
    static final class Problems {
        private final String fileName;
        private final Set<String> problems = new LinkedHashSet<>();

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
                throw new InputException(List.copyOf(problems));
            }
        }
    }
}
