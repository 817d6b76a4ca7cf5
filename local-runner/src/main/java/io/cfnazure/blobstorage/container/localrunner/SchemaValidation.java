package io.cfnazure.blobstorage.container.localrunner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.json.JSONArray;
import org.json.JSONObject;
import software.amazon.cloudformation.resource.Validator;
import software.amazon.cloudformation.resource.exceptions.ValidationException;

/**
 * Validation with the validator the handler's wrapper uses, its findings reworded for people: a dotted path instead
 * of a JSON pointer, and the violated pattern or allowed values instead of "failed validation constraint".
 */
final class SchemaValidation {

    private static final Pattern EXTRANEOUS_KEY = Pattern.compile("extraneous key \\[(.*)] is not permitted");
    private static final Pattern REQUIRED_KEY = Pattern.compile("required key \\[(.*)] not found");

    private SchemaValidation() {
    }

    /** One thing the schema finds wrong: where (a dotted path below the validated object; empty for itself) and what. */
    record Violation(String path, String problem) {
        /** @param parent the validated object's own place, e.g. {@code Resources.Backup.Properties} */
        String placeIn(final String parent) {
            return path.isEmpty() ? parent : parent + "." + path;
        }
    }

    /**
     * @param member        what a key of the object is, for messages: "a property of ..."
     * @param presentAnyway keys to count as present although the instance lacks them
     */
    static List<Violation> violations(final ObjectNode instance, final JSONObject against, final String member,
                                      final Set<String> presentAnyway) {
        final List<ValidationException> leaves = new ArrayList<>();
        try {
            new Validator().validateObject(new JSONObject(instance.toString()), against);
        } catch (final ValidationException e) {
            collectLeaves(e, leaves, presentAnyway);
        }
        return leaves.stream()
            .filter(problem -> missingRequiredKey(problem).filter(presentAnyway::contains).isEmpty())
            .map(problem -> reword(problem, instance, against, member))
            .toList();
    }

    /**
     * The schema of the value at a path of property names and, into arrays, item indexes (as in the validator's
     * pointers), {@code $ref}s followed (the definitions hold patterns and enums); empty when the path leads outside
     * declared properties.
     */
    static JSONObject subSchema(final JSONObject against, final List<String> path) {
        JSONObject current = against;
        for (final String segment : path) {
            final JSONObject items = current.optJSONObject("items");
            final JSONObject properties = current.optJSONObject("properties");
            final JSONObject next = items != null && segment.matches("\\d+") ? items
                : properties == null ? null : properties.optJSONObject(segment);
            if (next == null) {
                return new JSONObject();
            }
            current = followRef(against, next);
        }
        return current;
    }

    private static JSONObject followRef(final JSONObject against, final JSONObject property) {
        final String ref = property.optString("$ref", null);
        if (ref == null || !ref.startsWith("#/definitions/")) {
            return property;
        }
        final JSONObject merged = new JSONObject(against.getJSONObject("definitions")
            .getJSONObject(ref.substring("#/definitions/".length())).toString());
        property.keySet().stream().filter(key -> !key.equals("$ref")).forEach(key -> merged.put(key, property.get(key)));
        return merged;
    }

    /**
     * The validator's innermost problems. An anyOf or oneOf is met when one of its branches fails only for keys that
     * count as present (a value known after deployment, e.g. StorageAccountId from a Ref): then none of its branches'
     * problems is one. An anyOf whose every branch misses only required keys is one problem, the choice of keys
     * ({@link #requiredChoice}), not one per branch.
     */
    private static void collectLeaves(final ValidationException e, final List<ValidationException> leaves,
                                      final Set<String> presentAnyway) {
        final String keyword = e.getKeyword();
        if (e.getCausingExceptions() == null || e.getCausingExceptions().isEmpty()) {
            leaves.add(e);
        } else if (("anyOf".equals(keyword) || "oneOf".equals(keyword)) && e.getCausingExceptions().stream()
            .anyMatch(branch -> failsOnlyFor(branch, presentAnyway, presentAnyway::contains))) {
            return;
        } else if ("anyOf".equals(keyword) && e.getCausingExceptions().stream()
            .allMatch(branch -> failsOnlyFor(branch, presentAnyway, key -> true))) {
            leaves.add(e);
        } else {
            e.getCausingExceptions().forEach(cause -> collectLeaves(cause, leaves, presentAnyway));
        }
    }

    /** Whether a branch fails only for missing required keys that {@code keys} accepts. */
    private static boolean failsOnlyFor(final ValidationException branch, final Set<String> presentAnyway,
                                        final Predicate<String> keys) {
        return leavesOf(branch, presentAnyway).stream()
            .allMatch(problem -> missingRequiredKey(problem).filter(keys).isPresent());
    }

    /** An anyOf of required keys as one sentence: "A or B is required" ("A and B" where a branch needs both). */
    private static String requiredChoice(final ValidationException anyOf) {
        return anyOf.getCausingExceptions().stream()
            .map(branch -> leavesOf(branch, Set.of()).stream()
                .map(problem -> missingRequiredKey(problem).orElseThrow())
                .collect(Collectors.joining(" and ")))
            .collect(Collectors.joining(" or ")) + " is required";
    }

    private static List<ValidationException> leavesOf(final ValidationException problem,
                                                      final Set<String> presentAnyway) {
        final List<ValidationException> leaves = new ArrayList<>();
        collectLeaves(problem, leaves, presentAnyway);
        return leaves;
    }

    private static Optional<String> missingRequiredKey(final ValidationException problem) {
        final Matcher required = REQUIRED_KEY.matcher(String.valueOf(problem.getMessage()));
        return required.find() ? Optional.of(required.group(1)) : Optional.empty();
    }

    /** The validator's {@code #/A/B: message} as path {@code A.B}, with the violated rule spelled out. */
    private static Violation reword(final ValidationException problem, final ObjectNode instance,
                                    final JSONObject against, final String member) {
        final String message = String.valueOf(problem.getMessage());
        final int colon = message.indexOf(": ");
        final String pointer = colon < 0 ? "#" : message.substring(0, colon);
        final String text = colon < 0 ? message : message.substring(colon + 2);
        final List<String> segments = pointer.equals("#") ? List.of() : List.of(pointer.substring(2).split("/"));
        final String path = String.join(".", segments);
        final Matcher extraneous = EXTRANEOUS_KEY.matcher(text);
        if (extraneous.matches()) {
            final String key = extraneous.group(1);
            return new Violation(path.isEmpty() ? key : path + "." + key, segments.isEmpty()
                ? "is not " + member + " (known: " + String.join(", ",
                    against.getJSONObject("properties").keySet().stream().sorted().toList()) + ")"
                : notAllowedKey(subSchema(against, segments)));
        }
        if ("anyOf".equals(problem.getKeyword())) {
            return new Violation(path, requiredChoice(problem));
        }
        final Matcher required = REQUIRED_KEY.matcher(text);
        if (required.matches()) {
            return new Violation(path, "required property " + required.group(1) + " is missing");
        }
        return new Violation(path, spellOut(problem.getKeyword(), text, instance.at("/" + String.join("/", segments)),
            subSchema(against, segments)));
    }

    /** A key an object does not take; its patternProperties, if any, say which keys it does. */
    private static String notAllowedKey(final JSONObject objectSchema) {
        final JSONObject patterns = objectSchema.optJSONObject("patternProperties");
        return patterns == null ? "is not allowed here"
            : "is not a valid key: keys match " + String.join(" or ", patterns.keySet());
    }

    private static String spellOut(final String keyword, final String text, final JsonNode value,
                                   final JSONObject valueSchema) {
        if ("pattern".equals(keyword) && valueSchema.has("pattern")) {
            return String.format("'%s' does not match the pattern %s", value.asText(), valueSchema.getString("pattern"));
        }
        if ("enum".equals(keyword) && valueSchema.has("enum")) {
            final JSONArray allowed = valueSchema.getJSONArray("enum");
            return String.format("'%s' is not one of %s", value.asText(), allowed.toList().stream()
                .map(String::valueOf).collect(Collectors.joining(", ")));
        }
        return text;
    }
}
