package io.cfnazure.blobstorage.container.localrunner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Applies the intrinsic functions the runner plays: {@code Ref} (parameters, pseudo parameters, resources,
 * {@code AWS::NoValue}), {@code Fn::GetAtt}, {@code Fn::Sub}, {@code Fn::Join}, {@code Fn::Select} and
 * {@code Fn::Split}. A value that needs a resource not deployed yet resolves to {@link MissingNode}; one that
 * cannot resolve at all is refused with its place in the template.
 */
final class IntrinsicResolver {

    private static final String NO_VALUE = "AWS::NoValue";
    private static final String PLAYED = "Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select, Fn::Split";

    private final Bindings bindings;
    private final Set<String> attributeNames;
    private final String fileName;

    IntrinsicResolver(final Bindings bindings, final Set<String> attributeNames, final String fileName) {
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

    private JsonNode call(final String function, final JsonNode argument, final String place) {
        return switch (function) {
            case "Ref" -> ref(argument, place);
            case "Fn::GetAtt" -> getAtt(argument, place);
            case "Fn::Sub" -> sub(argument, place);
            case "Fn::Join" -> join(argument, place);
            case "Fn::Select" -> select(argument, place);
            case "Fn::Split" -> split(argument, place);
            default -> throw problem(place, "is not supported by cfn-local (it plays " + PLAYED + ")");
        };
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
            return bindings.physicalId(name);
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
        if (!attributeNames.contains(attribute)) {
            throw problem(place, "'" + attribute + "' is not an attribute of " + resource + " (attributes: "
                + String.join(", ", attributeNames) + ")");
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
