package io.cfnazure.blobstorage.container.localrunner;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The names a value refers to through {@code Ref}, {@code Fn::GetAtt} and {@code Fn::Sub}: with DependsOn, what
 * decides the order CloudFormation creates resources in.
 */
final class TemplateReferences {

    private TemplateReferences() {
    }

    /** The names in every branch of every {@code Fn::If}: all CloudFormation checks before evaluating conditions. */
    static Set<String> of(final JsonNode node) {
        return of(node, Map.of());
    }

    /**
     * @param conditions the conditions' values: an {@code Fn::If} on one of them counts the branch it takes only
     */
    static Set<String> of(final JsonNode node, final Map<String, Boolean> conditions) {
        final Set<String> names = new LinkedHashSet<>();
        collect(node, conditions, names);
        return names;
    }

    private static void collect(final JsonNode node, final Map<String, Boolean> conditions, final Set<String> names) {
        if (IntrinsicResolver.isFunction(node)) {
            final Map.Entry<String, JsonNode> call = node.fields().next();
            final JsonNode argument = call.getValue();
            switch (call.getKey()) {
                case "Ref" -> names.add(argument.asText());
                case "Fn::GetAtt" -> names.add(argument.isArray() ? argument.path(0).asText()
                    : argument.asText().split("\\.", 2)[0]);
                case "Fn::Sub" -> {
                    final JsonNode template = argument.isArray() ? argument.path(0) : argument;
                    final JsonNode variables = argument.isArray() ? argument.path(1) : Json.object();
                    SubString.placeholders(template.asText()).stream()
                        .filter(name -> !variables.has(name))
                        .forEach(name -> names.add(name.split("\\.", 2)[0]));
                    collect(variables, conditions, names);
                }
                case "Fn::If" -> {
                    final Boolean value = conditions.get(argument.path(0).asText());
                    collect(value == null || argument.size() != 3 ? argument : argument.get(value ? 1 : 2), conditions,
                        names);
                }
                default -> collect(argument, conditions, names);
            }
            return;
        }
        node.forEach(child -> collect(child, conditions, names));
    }
}
