package io.cfnazure.blobstorage.container.localrunner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Applies the intrinsic functions the runner plays: {@code Ref} (parameters, pseudo parameters, resources,
 * {@code AWS::NoValue}), {@code Fn::GetAtt}, {@code Fn::Sub}, {@code Fn::Join}, {@code Fn::Select},
 * {@code Fn::Split}, {@code Fn::If}, {@code Fn::FindInMap} and {@code Fn::ImportValue}; and, for the Conditions
 * section, the condition functions. A value that needs a resource not deployed yet resolves to {@link MissingNode};
 * one that cannot resolve at all is refused with its place in the template.
 */
final class IntrinsicResolver {

    static final String NO_VALUE = "AWS::NoValue";
    private static final String PLAYED = "Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select, Fn::Split, Fn::If, "
        + "Fn::FindInMap, Fn::ImportValue";
    private static final String CONDITION_FUNCTIONS = "Fn::Equals, Fn::And, Fn::Or, Fn::Not, Condition";

    private final Bindings bindings;
    /** A resource's attributes (what Fn::GetAtt may name) by its logical ID: each type has its own. */
    private final Function<String, Set<String>> attributeNames;
    private final String fileName;
    /** How deep in condition functions the resolver is: Fn::If has no place there. */
    private int conditionDepth;

    IntrinsicResolver(final Bindings bindings, final Function<String, Set<String>> attributeNames,
                      final String fileName) {
        this.bindings = bindings;
        this.attributeNames = attributeNames;
        this.fileName = fileName;
    }

    /** Whether a mapping is a function call: one key, {@code Ref} or {@code Fn::...}. */
    static boolean isFunction(final JsonNode node) {
        if (!node.isObject() || node.size() != 1) {
            return false;
        }
        final String key = node.fieldNames().next();
        return key.equals("Ref") || key.startsWith("Fn::") || key.equals("Condition");
    }

    /**
     * @param place where the value is, for messages, e.g. {@code Resources.Backup.Properties.Metadata}
     * @return the value with every function applied; null when it is {@code AWS::NoValue}
     */
    JsonNode resolve(final JsonNode node, final String place) {
        if (isFunction(node)) {
            final Map.Entry<String, JsonNode> call = node.fields().next();
            return call(call.getKey(), call.getValue(), place + "." + call.getKey());
        }
        if (node.isObject()) {
            final ObjectNode resolved = Json.object();
            for (final Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                final Map.Entry<String, JsonNode> field = fields.next();
                final JsonNode value = resolve(field.getValue(), place + "." + field.getKey());
                if (value != null && value.isMissingNode()) {
                    return value;
                }
                if (value != null) {
                    resolved.set(field.getKey(), value);
                }
            }
            return resolved;
        }
        if (node.isArray()) {
            final ArrayNode resolved = Json.NODES.arrayNode();
            for (int i = 0; i < node.size(); i++) {
                final JsonNode value = resolve(node.get(i), place + "[" + i + "]");
                if (value != null && value.isMissingNode()) {
                    return value;
                }
                if (value != null) {
                    resolved.add(value);
                }
            }
            return resolved;
        }
        return node;
    }

    /**
     * Evaluates a condition of the Conditions section: {@code Fn::Equals}, {@code Fn::And}, {@code Fn::Or},
     * {@code Fn::Not}, or {@code {Condition: Name}} for another condition.
     *
     * @param place where the condition is, e.g. {@code Conditions.IsProd}
     */
    boolean condition(final JsonNode node, final String place) {
        if (!isFunction(node)) {
            throw problem(place, "must be a condition function (" + CONDITION_FUNCTIONS + ")");
        }
        final Map.Entry<String, JsonNode> call = node.fields().next();
        final String at = place + "." + call.getKey();
        final JsonNode argument = call.getValue();
        conditionDepth++;
        try {
            return switch (call.getKey()) {
                case "Fn::Equals" -> equalValues(argument, at);
                case "Fn::And" -> operands(argument, at, 2).stream().allMatch(Boolean::booleanValue);
                case "Fn::Or" -> operands(argument, at, 2).stream().anyMatch(Boolean::booleanValue);
                case "Fn::Not" -> !operands(argument, at, 1).get(0);
                case "Condition" -> namedCondition(argument, at);
                default -> throw problem(at, "is not a condition function (" + CONDITION_FUNCTIONS + ")");
            };
        } finally {
            conditionDepth--;
        }
    }

    private boolean equalValues(final JsonNode argument, final String place) {
        if (!argument.isArray() || argument.size() != 2) {
            throw problem(place, "takes [value, value]");
        }
        final JsonNode first = resolve(argument.get(0), place + "[0]");
        final JsonNode second = resolve(argument.get(1), place + "[1]");
        if (first == null || second == null) {
            throw problem(place, "cannot compare AWS::NoValue");
        }
        // Scalars compare by their text, as CloudFormation hands every parameter over as a string.
        return Json.scalarText(first) != null && Json.scalarText(second) != null
            ? Json.scalarText(first).equals(Json.scalarText(second)) : first.equals(second);
    }

    /** All the operands of Fn::And, Fn::Or (2 to 10) or Fn::Not (exactly 1), each evaluated. */
    private List<Boolean> operands(final JsonNode argument, final String place, final int least) {
        final int most = least == 1 ? 1 : 10;
        if (!argument.isArray() || argument.size() < least || argument.size() > most) {
            throw problem(place, least == most ? "takes [condition]" : "takes [condition, ...] with 2 to 10 conditions");
        }
        final List<Boolean> values = new ArrayList<>();
        for (int i = 0; i < argument.size(); i++) {
            values.add(condition(argument.get(i), place + "[" + i + "]"));
        }
        return values;
    }

    private boolean namedCondition(final JsonNode argument, final String place) {
        if (!argument.isTextual()) {
            throw problem(place, "takes the name of a condition");
        }
        return bindings.condition(argument.asText())
            .orElseThrow(() -> problem(place, "no condition is named '" + argument.asText() + "'"));
    }

    private JsonNode call(final String function, final JsonNode argument, final String place) {
        return switch (function) {
            case "Ref" -> ref(argument, place);
            case "Fn::GetAtt" -> getAtt(argument, place);
            case "Fn::Sub" -> sub(argument, place);
            case "Fn::Join" -> join(argument, place);
            case "Fn::Select" -> select(argument, place);
            case "Fn::Split" -> split(argument, place);
            case "Fn::If" -> ifThenElse(argument, place);
            case "Fn::FindInMap" -> findInMap(argument, place);
            case "Fn::ImportValue" -> importValue(argument, place);
            case "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not", "Condition" -> throw problem(place, "is a condition "
                + "function: it belongs in the Conditions section, and Fn::If takes a condition's name");
            default -> throw problem(place, "is not supported by cfn-local (it plays " + PLAYED + ")");
        };
    }

    /** Fn::If [condition, value if true, value if false]: only the chosen value is resolved, as in CloudFormation. */
    private JsonNode ifThenElse(final JsonNode argument, final String place) {
        if (conditionDepth > 0) {
            throw problem(place, "cannot be used in a condition: combine conditions with " + CONDITION_FUNCTIONS);
        }
        if (!argument.isArray() || argument.size() != 3 || !argument.get(0).isTextual()) {
            throw problem(place, "takes [condition name, value if true, value if false]");
        }
        final int chosen = namedCondition(argument.get(0), place + "[0]") ? 1 : 2;
        return resolve(argument.get(chosen), place + "[" + chosen + "]");
    }

    /** Fn::FindInMap [map, top-level key, second-level key]; each may itself be a Ref or an Fn::FindInMap. */
    private JsonNode findInMap(final JsonNode argument, final String place) {
        if (!argument.isArray() || argument.size() != 3) {
            throw problem(place, argument.isArray() && argument.size() == 4
                ? "a default value needs the AWS::LanguageExtensions transform, which cfn-local does not play"
                : "takes [map name, top-level key, second-level key]");
        }
        final List<String> keys = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            final JsonNode key = resolve(argument.get(i), place + "[" + i + "]");
            if (key != null && key.isMissingNode()) {
                return key;
            }
            keys.add(text(key, place + "[" + i + "]"));
        }
        final JsonNode map = bindings.mapping(keys.get(0))
            .orElseThrow(() -> problem(place, "no mapping is named '" + keys.get(0) + "'"));
        final JsonNode value = map.path(keys.get(1)).get(keys.get(2));
        if (value == null) {
            throw problem(place, "Unable to get mapping for " + String.join("::", keys) + " (" + keys.get(0)
                + (map.has(keys.get(1)) ? "." + keys.get(1) + " has " + fieldNames(map.get(keys.get(1)))
                : " has " + fieldNames(map)) + ")");
        }
        return mappingValue(value);
    }

    /** A value of Mappings as CloudFormation gives it: a string, or a list of strings (numbers included). */
    private static JsonNode mappingValue(final JsonNode value) {
        if (!value.isArray()) {
            return Json.NODES.textNode(value.asText());
        }
        final ArrayNode values = Json.NODES.arrayNode();
        value.forEach(item -> values.add(item.asText()));
        return values;
    }

    private static String fieldNames(final JsonNode node) {
        final List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return String.join(", ", names);
    }

    /**
     * Fn::ImportValue: what another stack of the target exports. Its name cannot depend on a resource, as in
     * CloudFormation; checked before deploying, when no resource is known yet.
     */
    private JsonNode importValue(final JsonNode argument, final String place) {
        final JsonNode name = resolve(argument, place);
        if (name != null && name.isMissingNode()) {
            throw problem(place, "the name of an export cannot depend on a resource (no Ref or Fn::GetAtt of a "
                + "resource here)");
        }
        final String exportName = text(name, place);
        return bindings.exportedValue(exportName).map(Json.NODES::textNode)
            .orElseThrow(() -> problem(place, "No export named " + exportName + " found. (Exports come from the "
                + "other stacks of this target: deploy the exporting stack first.)"));
    }

    private JsonNode ref(final JsonNode argument, final String place) {
        if (!argument.isTextual()) {
            throw problem(place, "takes the name of a parameter or resource");
        }
        final String name = argument.asText();
        if (name.equals(NO_VALUE)) {
            return null;
        }
        return bindings.parameter(name).orElseGet(() -> {
            if (!bindings.isResource(name)) {
                throw problem(place, "no parameter or resource is named '" + name + "'");
            }
            requireAvailable(name, place);
            return bindings.physicalId(name);
        });
    }

    private void requireAvailable(final String resource, final String place) {
        bindings.unavailable(resource).ifPresent(reason -> {
            throw problem(place, reason);
        });
    }

    private JsonNode getAtt(final JsonNode argument, final String place) {
        final String resource;
        final String attribute;
        if (argument.isTextual() && argument.asText().contains(".")) {
            resource = argument.asText().substring(0, argument.asText().indexOf('.'));
            attribute = argument.asText().substring(resource.length() + 1);
        } else if (argument.isArray() && argument.size() == 2 && argument.get(0).isTextual()
            && argument.get(1).isTextual()) {
            resource = argument.get(0).asText();
            attribute = argument.get(1).asText();
        } else {
            throw problem(place, "takes Resource.Attribute or [Resource, Attribute]");
        }
        return attribute(resource, attribute, place);
    }

    private JsonNode attribute(final String resource, final String attribute, final String place) {
        if (!bindings.isResource(resource)) {
            throw problem(place, "no resource is named '" + resource + "'");
        }
        requireAvailable(resource, place);
        final Set<String> attributes = attributeNames.apply(resource);
        if (!attributes.contains(attribute)) {
            throw problem(place, "'" + attribute + "' is not an attribute of " + resource + " (attributes: "
                + String.join(", ", attributes) + ")");
        }
        return bindings.attribute(resource, attribute);
    }

    private JsonNode sub(final JsonNode argument, final String place) {
        final JsonNode template = argument.isArray() ? argument.path(0) : argument;
        final JsonNode variables = argument.isArray() ? argument.path(1) : Json.object();
        if (!template.isTextual() || !variables.isObject() || argument.isArray() && argument.size() != 2) {
            throw problem(place, "takes a string, or [string, {Name: value, ...}]");
        }
        final Map<String, JsonNode> values = new HashMap<>();
        variables.fields().forEachRemaining(variable -> values.put(variable.getKey(),
            resolve(variable.getValue(), place + "[1]." + variable.getKey())));
        for (final String name : SubString.placeholders(template.asText())) {
            final JsonNode value = values.containsKey(name) ? values.get(name) : placeholder(name, place);
            if (value != null && value.isMissingNode()) {
                return value;
            }
            values.put(name, value);
        }
        return Json.NODES.textNode(SubString.render(template.asText(), name -> text(values.get(name), place)));
    }

    /** A {@code ${Name}} of Fn::Sub without a variable: a parameter, a resource's Ref, or Resource.Attribute. */
    private JsonNode placeholder(final String name, final String place) {
        final int dot = name.indexOf('.');
        if (dot > 0 && bindings.isResource(name.substring(0, dot))) {
            return attribute(name.substring(0, dot), name.substring(dot + 1), place);
        }
        return ref(Json.NODES.textNode(name), place);
    }

    private JsonNode join(final JsonNode argument, final String place) {
        if (!argument.isArray() || argument.size() != 2 || !argument.get(0).isTextual()) {
            throw problem(place, "takes [delimiter, [values...]]");
        }
        final JsonNode values = resolve(argument.get(1), place + "[1]");
        if (values != null && values.isMissingNode()) {
            return values;
        }
        if (values == null || !values.isArray()) {
            throw problem(place, "the values to join must be a list");
        }
        final StringBuilder joined = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            joined.append(i == 0 ? "" : argument.get(0).asText()).append(text(values.get(i), place + "[1]"));
        }
        return Json.NODES.textNode(joined.toString());
    }

    private JsonNode select(final JsonNode argument, final String place) {
        if (!argument.isArray() || argument.size() != 2) {
            throw problem(place, "takes [index, [values...]]");
        }
        final JsonNode index = resolve(argument.get(0), place + "[0]");
        final JsonNode values = resolve(argument.get(1), place + "[1]");
        if (index != null && index.isMissingNode() || values != null && values.isMissingNode()) {
            return MissingNode.getInstance();
        }
        final String indexText = Json.scalarText(index);
        if (indexText == null || !Pattern.matches("\\d+", indexText) || values == null || !values.isArray()) {
            throw problem(place, "takes [index, [values...]] with a whole number as index");
        }
        final int position = Integer.parseInt(indexText);
        if (position >= values.size()) {
            throw problem(place, "index " + position + " is out of range: the list has " + values.size() + " values");
        }
        return values.get(position);
    }

    private JsonNode split(final JsonNode argument, final String place) {
        if (!argument.isArray() || argument.size() != 2 || !argument.get(0).isTextual()
            || argument.get(0).asText().isEmpty()) {
            throw problem(place, "takes [delimiter, string]");
        }
        final JsonNode source = resolve(argument.get(1), place + "[1]");
        if (source != null && source.isMissingNode()) {
            return source;
        }
        final ArrayNode parts = Json.NODES.arrayNode();
        for (final String part : text(source, place + "[1]").split(Pattern.quote(argument.get(0).asText()), -1)) {
            parts.add(part);
        }
        return parts;
    }

    private String text(final JsonNode value, final String place) {
        final String text = Json.scalarText(value);
        if (text == null) {
            throw problem(place, "needs a string here, not " + (value == null ? "AWS::NoValue" : "a list or mapping"));
        }
        return text;
    }

    private InputException problem(final String place, final String problem) {
        return new InputException(fileName + ": " + place + ": " + problem);
    }
}
