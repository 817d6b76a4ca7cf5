package io.cfnazure.blobstorage.container.localrunner;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfnazure.blobstorage.container.localrunner.StackTemplate.ParameterDeclaration;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The values names stand for in a stack: its parameters as CloudFormation settles them (given, else Default; checked
 * against Type, AllowedValues and AllowedPattern) and the pseudo parameters of the stack.
 */
final class StackParameters {

    private StackParameters() {
    }

    static Map<String, JsonNode> resolve(final StackTemplate template, final Map<String, String> given,
                                         final StackState stack) {
        final StackTemplate.Problems problems = new StackTemplate.Problems(template.fileName());
        given.keySet().stream().filter(name -> !template.parameters().containsKey(name))
            .forEach(name -> problems.add("Parameters", "--parameter " + name + " is not a parameter of the template"
                + " (its parameters: " + String.join(", ", template.parameters().keySet()) + ")"));
        final Map<String, JsonNode> values = new LinkedHashMap<>(pseudoParameters(stack));
        template.parameters().values().forEach(declaration -> {
            final String value = given.getOrDefault(declaration.name(), declaration.defaultValue());
            final String problem = value == null
                ? "has no Default: give a value with --parameter " + declaration.name() + "=VALUE"
                : violation(declaration, value);
            if (problem == null) {
                values.put(declaration.name(), Json.NODES.textNode(value));
            } else {
                problems.add("Parameters." + declaration.name(), problem);
            }
        });
        problems.throwIfAny();
        return values;
    }

    private static String violation(final ParameterDeclaration declaration, final String value) {
        final String rule;
        if ("Number".equals(declaration.type()) && !isNumber(value)) {
            rule = "must be a number";
        } else if (!declaration.allowedValues().isEmpty() && !declaration.allowedValues().contains(value)) {
            rule = "must be one of " + String.join(", ", declaration.allowedValues());
        } else if (declaration.allowedPattern() != null && !value.matches(declaration.allowedPattern())) {
            rule = "must match the pattern " + declaration.allowedPattern();
        } else {
            return null;
        }
        return String.format("'%s' %s%s", value, rule,
            declaration.constraintDescription() == null ? "" : " (" + declaration.constraintDescription() + ")");
    }

    private static boolean isNumber(final String value) {
        try {
            new BigDecimal(value);
            return true;
        } catch (final NumberFormatException e) {
            return false;
        }
    }

    /** The pseudo parameters the runner knows; AWS::NoValue is handled by Ref itself. */
    static Map<String, JsonNode> pseudoParameters(final StackState stack) {
        final String partition = stack.region().startsWith("cn-") ? "aws-cn"
            : stack.region().startsWith("us-gov-") ? "aws-us-gov" : "aws";
        final Map<String, JsonNode> values = new LinkedHashMap<>();
        values.put("AWS::StackName", Json.NODES.textNode(stack.stackName()));
        values.put("AWS::StackId", Json.NODES.textNode(stack.stackId()));
        values.put("AWS::Region", Json.NODES.textNode(stack.region()));
        values.put("AWS::AccountId", Json.NODES.textNode(stack.accountId()));
        values.put("AWS::Partition", Json.NODES.textNode(partition));
        values.put("AWS::URLSuffix", Json.NODES.textNode(partition.equals("aws-cn") ? "amazonaws.com.cn"
            : "amazonaws.com"));
        return values;
    }
}
