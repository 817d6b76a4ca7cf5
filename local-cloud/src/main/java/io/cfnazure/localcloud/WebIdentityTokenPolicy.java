package io.cfnazure.localcloud;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * What a role's inline policies, as a CloudFormation template defines the role, allow of {@code sts:GetWebIdentityToken}:
 * the Allow statements naming that action on {@code "*"}, whose Condition blocks are evaluated against a request as
 * IAM does. A request is allowed when every condition of at least one of those statements holds.
 * <p>
 * Only what the project's policies use is evaluated: the operators {@code StringEquals},
 * {@code NumericLessThanEquals} and {@code ForAllValues:StringEquals} on the keys {@code sts:IdentityTokenAudience}
 * (multivalued: one value per requested audience), {@code sts:SigningAlgorithm} and {@code sts:DurationSeconds};
 * literal values and {@code Ref} to a template parameter. Anything else in such a statement (another operator or
 * key, a Deny, NotAction, another intrinsic function, CloudFormation's short-form tags such as {@code !Ref}, which a
 * YAML reader would silently drop) is refused when the policy is read, so no condition passes for checked unread.
 */
public final class WebIdentityTokenPolicy {

    private static final String ACTION = "sts:GetWebIdentityToken";
    private static final String FOR_ALL_VALUES = "ForAllValues:";
    private static final String AUDIENCE = "sts:identitytokenaudience";
    private static final String SIGNING_ALGORITHM = "sts:signingalgorithm";
    private static final String DURATION_SECONDS = "sts:durationseconds";
    /** The condition keys read, lower case (IAM compares key names case-insensitively), and which is multivalued. */
    private static final Map<String, Boolean> KEYS_MULTIVALUED = Map.of(
        AUDIENCE, true, SIGNING_ALGORITHM, false, DURATION_SECONDS, false);
    /** The operators read: whether a request's value satisfies a policy's value. */
    private static final Map<String, BiPredicate<String, String>> OPERATORS = Map.of(
        "StringEquals", String::equals,
        FOR_ALL_VALUES + "StringEquals", String::equals,
        "NumericLessThanEquals", (value, limit) -> new BigDecimal(value).compareTo(new BigDecimal(limit)) <= 0);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /**
     * One condition: the request's value of {@code key} (with ForAllValues, each of its values) must pass
     * {@code test} with one of the policy's {@code values}.
     */
    private record Condition(String key, boolean forAllValues, BiPredicate<String, String> test,
                             List<String> values) {

        boolean holds(final Map<String, List<String>> context) {
            final Predicate<String> satisfied = value -> values.stream().anyMatch(allowed -> test.test(value, allowed));
            final List<String> requested = context.get(key);
            return forAllValues ? requested.stream().allMatch(satisfied) : satisfied.test(requested.get(0));
        }
    }

    /** Per allowing statement, its conditions (none: allowed unconditionally). */
    private final List<List<Condition>> statements;

    private WebIdentityTokenPolicy(final List<List<Condition>> statements) {
        this.statements = statements;
    }

    /**
     * The project's {@code execution-role.yaml}, the role users register the type with, as deployed with these
     * parameter values (the others take their defaults).
     */
    public static WebIdentityTokenPolicy ofExecutionRole(final Map<String, String> parameterValues) {
        return fromTemplate(TestBedFiles.executionRoleTemplate(), parameterValues);
    }

    /**
     * The policies of the one {@code AWS::IAM::Role} of a CloudFormation template (YAML or JSON, long-form
     * intrinsic functions), as deployed with these parameter values.
     *
     * @throws IllegalArgumentException what this class does not evaluate, or a parameter the template lacks
     */
    public static WebIdentityTokenPolicy fromTemplate(final Path template, final Map<String, String> parameterValues) {
        final JsonNode root;
        try {
            final String text = Files.readString(template);
            refuseShortFormTags(text, template);
            root = YAML.readTree(text);
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot read " + template, e);
        }
        final List<JsonNode> roles = StreamSupport.stream(root.path("Resources").spliterator(), false)
            .filter(resource -> "AWS::IAM::Role".equals(resource.path("Type").asText()))
            .toList();
        if (roles.size() != 1) {
            throw new IllegalArgumentException(template + " defines " + roles.size() + " AWS::IAM::Role resources, "
                + "not one");
        }
        final Map<String, String> parameters = parameters(root.path("Parameters"), parameterValues, template);
        final List<List<Condition>> statements = new ArrayList<>();
        for (final JsonNode policy : roles.get(0).path("Properties").path("Policies")) {
            for (final JsonNode statement : list(policy.path("PolicyDocument").path("Statement"))) {
                if (statement.has("NotAction") || statement.has("NotResource")) {
                    throw new IllegalArgumentException("Statement " + statement + " in " + template + ": NotAction "
                        + "and NotResource are not evaluated");
                }
                if (list(statement.path("Action")).stream().noneMatch(action -> namesTheAction(action.asText()))) {
                    continue;
                }
                if (!"Allow".equals(statement.path("Effect").asText())) {
                    throw new IllegalArgumentException("Statement " + statement + " in " + template + ": only Allow "
                        + "statements of " + ACTION + " are evaluated");
                }
                // The action has no resource types: only a statement on "*" grants it.
                if (list(statement.path("Resource")).stream().anyMatch(resource -> "*".equals(resource.asText()))) {
                    statements.add(conditions(statement.path("Condition"), parameters, template));
                }
            }
        }
        return new WebIdentityTokenPolicy(List.copyOf(statements));
    }

    /** Whether a GetWebIdentityToken request with these values, as STS fills in its context keys, is allowed. */
    public boolean allows(final List<String> audiences, final String signingAlgorithm, final int durationSeconds) {
        final Map<String, List<String>> context = Map.of(AUDIENCE, audiences,
            SIGNING_ALGORITHM, List.of(signingAlgorithm), DURATION_SECONDS, List.of(String.valueOf(durationSeconds)));
        return statements.stream().anyMatch(conditions -> conditions.stream().allMatch(c -> c.holds(context)));
    }

    private static List<Condition> conditions(final JsonNode block, final Map<String, String> parameters,
                                              final Path template) {
        final List<Condition> conditions = new ArrayList<>();
        block.fields().forEachRemaining(operator -> operator.getValue().fields().forEachRemaining(key -> {
            final boolean forAllValues = operator.getKey().startsWith(FOR_ALL_VALUES);
            final BiPredicate<String, String> test = OPERATORS.get(operator.getKey());
            final String keyName = key.getKey().toLowerCase(Locale.ROOT);
            final Boolean multivalued = KEYS_MULTIVALUED.get(keyName);
            if (test == null || multivalued == null || multivalued != forAllValues) {
                throw new IllegalArgumentException("Condition " + operator.getKey() + " " + key.getKey() + " in "
                    + template + " is not evaluated by the local cloud; it evaluates only StringEquals and "
                    + "NumericLessThanEquals on " + SIGNING_ALGORITHM + " and " + DURATION_SECONDS
                    + ", and ForAllValues:StringEquals on " + AUDIENCE);
            }
            conditions.add(new Condition(keyName, forAllValues, test,
                list(key.getValue()).stream().map(value -> value(value, parameters, template)).toList()));
        }));
        return conditions;
    }

    /** The template's parameters that have a value: their defaults, overridden by {@code values}. */
    private static Map<String, String> parameters(final JsonNode declared, final Map<String, String> values,
                                                  final Path template) {
        final Map<String, String> parameters = new HashMap<>();
        declared.fields().forEachRemaining(parameter -> {
            if (parameter.getValue().has("Default")) {
                parameters.put(parameter.getKey(), parameter.getValue().get("Default").asText());
            }
        });
        values.forEach((name, value) -> {
            if (!declared.has(name)) {
                throw new IllegalArgumentException(template + " has no parameter " + name);
            }
            parameters.put(name, value);
        });
        return parameters;
    }

    /** A literal, or {@code Ref} to a parameter that has a value. */
    private static String value(final JsonNode node, final Map<String, String> parameters, final Path template) {
        if (node.isValueNode()) {
            return node.asText();
        }
        final String parameter = node.size() == 1 ? node.path("Ref").asText(null) : null;
        if (parameter == null || !parameters.containsKey(parameter)) {
            throw new IllegalArgumentException("Condition value " + node + " in " + template + " is not evaluated by "
                + "the local cloud: only literals and Ref to a parameter with a value");
        }
        return parameters.get(parameter);
    }

    /** IAM's wildcards in action names ({@code *}), matched case-insensitively as IAM does. */
    private static boolean namesTheAction(final String pattern) {
        final String regex = Arrays.stream(pattern.toLowerCase(Locale.ROOT).split("\\*", -1))
            .map(Pattern::quote)
            .collect(Collectors.joining(".*"));
        return ACTION.toLowerCase(Locale.ROOT).matches(regex);
    }

    /** A policy element that may be one value or a list of them, as a list. */
    private static List<JsonNode> list(final JsonNode node) {
        if (node.isMissingNode()) {
            return List.of();
        }
        return node.isArray() ? StreamSupport.stream(node.spliterator(), false).toList() : List.of(node);
    }

    /**
     * Refuses CloudFormation's short-form tags ({@code !Ref}, {@code !Sub}, ...): a YAML reader keeps only the tagged
     * value, so {@code !Ref WebIdentityAudience} would read as the string "WebIdentityAudience".
     */
    private static void refuseShortFormTags(final String text, final Path template) throws IOException {
        try (JsonParser parser = YAML.createParser(text)) {
            while (parser.nextToken() != null) {
                final Object tag = parser.getTypeId();
                if (tag != null && !tag.toString().startsWith("tag:yaml.org,2002:")) {
                    throw new IllegalArgumentException(template + " line " + parser.currentLocation().getLineNr()
                        + " uses the short form !" + tag + ", which the local cloud does not read: write the long "
                        + "form (Ref:, Fn::Sub:, ...)");
                }
            }
        }
    }
}
