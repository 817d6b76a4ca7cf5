package io.cfnazure.blobstorage.container.localrunner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Drift detection as CloudFormation runs it: each resource is read through the Read handler, and the properties the
 * template set are compared with what Read returns. Write-only properties are never returned, so never compared;
 * properties the template left out are Azure's business, so not compared either, nor, inside an object the template
 * sets, a key it left out that holds the schema's default.
 */
final class DriftDetector {

    private final ResourceTypes types;
    private final ResourceOperations operations;
    private final EventPrinter printer;

    DriftDetector(final ResourceTypes types, final ResourceOperations operations, final EventPrinter printer) {
        this.types = types;
        this.operations = operations;
        this.printer = printer;
    }

    /**
     * @param expected per logical ID, the properties the template sets
     * @return whether every resource is IN_SYNC
     */
    boolean detect(final StackState stack, final Map<String, ObjectNode> expected) {
        printer.line(String.format("Stack %s  %s", stack.stackName(), stack.stackId()));
        boolean inSync = true;
        for (final Map.Entry<String, DeployedResource> entry : stack.resources().entrySet()) {
            final String logicalId = entry.getKey();
            final DeployedResource resource = entry.getValue();
            final HandlerResult read = operations.read(logicalId, resource);
            final List<String> differences = read.succeeded()
                ? differences(types.schema(resource.type()), expected.get(logicalId), read.resourceModel())
                : List.of();
            final String status = read.notFound() ? "DELETED" : !read.succeeded() ? "NOT_CHECKED"
                : differences.isEmpty() ? "IN_SYNC" : "MODIFIED";
            inSync &= status.equals("IN_SYNC");
            printer.line(String.format("  %-16s  %-11s  %s", logicalId, status, resource.physicalId()));
            differences.forEach(difference -> printer.line("      " + difference));
            if (!read.succeeded() && !read.notFound()) {
                printer.line("      Read failed: " + read.statusReason());
            }
        }
        printer.line("Stack drift status: " + (inSync ? "IN_SYNC" : "DRIFTED"));
        return inSync;
    }

    /** Package-private for its test, which compares with the types' real schemas. */
    static List<String> differences(final ResourceSchema schema, final ObjectNode expected, final ObjectNode actual) {
        final List<String> differences = new ArrayList<>();
        for (final Iterator<String> names = expected.fieldNames(); names.hasNext(); ) {
            final String name = names.next();
            if (schema.writeOnlyProperties().contains(name)) {
                continue;
            }
            final JsonNode actualValue = actual == null ? null : actual.get(name);
            if (!sameValue(schema, List.of(name), expected.get(name), actualValue)) {
                differences.add(String.format("%s: template %s, actual %s", name, expected.get(name),
                    actualValue == null ? "(not set)" : actualValue));
            }
        }
        return differences;
    }

    /**
     * Equal as CloudFormation compares: structure, and scalars by their text (a template's "true" is true); arrays in
     * order unless their schema says {@code insertionOrder: false}. Inside an object the template sets, a key it
     * leaves out is not drift when Read returns the schema's default for it (ImmutabilityPolicy without
     * AllowProtectedAppendWrites, Read saying false): CloudFormation determines drift only for values the template
     * sets, "This doesn't include default values for resource properties"
     * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-stack-drift.html). Any other value
     * there is drift: something the template did not ask for has been set.
     *
     * @param path where the values are below the properties, to look up the schema's defaults
     */
    private static boolean sameValue(final ResourceSchema schema, final List<String> path, final JsonNode expected,
                                     final JsonNode actual) {
        if (actual == null || expected.getNodeType() != actual.getNodeType() && (expected.isContainerNode()
            || actual.isContainerNode())) {
            return false;
        }
        if (expected.isObject()) {
            for (final Iterator<Map.Entry<String, JsonNode>> fields = expected.fields(); fields.hasNext(); ) {
                final Map.Entry<String, JsonNode> field = fields.next();
                if (!sameValue(schema, below(path, field.getKey()), field.getValue(), actual.get(field.getKey()))) {
                    return false;
                }
            }
            for (final Iterator<Map.Entry<String, JsonNode>> fields = actual.fields(); fields.hasNext(); ) {
                final Map.Entry<String, JsonNode> field = fields.next();
                final List<String> fieldPath = below(path, field.getKey());
                if (!expected.has(field.getKey()) && schema.defaultValue(fieldPath)
                    .filter(byDefault -> sameValue(schema, fieldPath, byDefault, field.getValue())).isEmpty()) {
                    return false;
                }
            }
            return true;
        }
        if (expected.isArray()) {
            return expected.size() == actual.size() && (schema.orderMatters(path)
                ? IntStream.range(0, expected.size()).allMatch(i ->
                    sameValue(schema, below(path, String.valueOf(i)), expected.get(i), actual.get(i)))
                : sameElements(schema, path, expected, actual));
        }
        return expected.asText().equals(actual.asText());
    }

    /**
     * The same elements in any order, for an array whose schema says {@code insertionOrder: false} (legal hold tags,
     * IP rules): each expected element matches an actual one not matched yet.
     */
    private static boolean sameElements(final ResourceSchema schema, final List<String> path, final JsonNode expected,
                                        final JsonNode actual) {
        final List<JsonNode> unmatched = new ArrayList<>();
        actual.forEach(unmatched::add);
        final List<String> itemPath = below(path, "0");
        for (final JsonNode element : expected) {
            final Optional<JsonNode> match = unmatched.stream()
                .filter(candidate -> sameValue(schema, itemPath, element, candidate)).findFirst();
            if (match.isEmpty()) {
                return false;
            }
            unmatched.remove(match.get());
        }
        return true;
    }

    private static List<String> below(final List<String> path, final String key) {
        final List<String> longer = new ArrayList<>(path);
        longer.add(key);
        return longer;
    }
}
