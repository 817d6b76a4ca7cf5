package io.cfnazure.blobstorage.container.localrunner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.blobstorage.container.localrunner.StackTemplate.TemplateOutput;
import io.cfnazure.blobstorage.container.localrunner.StackTemplate.TemplateResource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A template made ready for one stack: read, its parameters settled, its conditions evaluated, every reference and
 * every property the schema can judge checked, its exports and imports checked against the target's other stacks,
 * and the resources its conditions create ordered by dependency. What CloudFormation would refuse up front is refused
 * here, before anything is created. Properties that use another resource's attributes can only be checked once that
 * resource is deployed: {@link #violations} checks them again then.
 */
final class DeployableTemplate {

    private final StackTemplate template;
    private final ResourceTypes types;
    private final Map<String, JsonNode> parameters;
    private final StackExports exports;
    private final Map<String, Boolean> conditions = new LinkedHashMap<>();
    /** The conditions being evaluated, to name a cycle. */
    private final Set<String> evaluating = new LinkedHashSet<>();
    private final Map<String, Set<String>> dependencies = new LinkedHashMap<>();
    private final List<String> order;
    /** The exports Fn::ImportValue read while resolving: the template's imports once it has been checked. */
    private final Set<String> imports = new TreeSet<>();

    /** A resource's properties resolved as far as the deployed resources allow. */
    record ResolvedProperties(ObjectNode properties, Set<String> unknown) {
    }

    /** A problem with its place in the template, e.g. {@code Resources.Backup.Properties.ContainerName}. */
    record PlacedViolation(String place, String problem) {
    }

    /**
     * An output whose condition holds.
     *
     * @param value      null while it depends on a resource not deployed yet
     * @param exportName null when it is not exported
     */
    record Output(String name, String value, String exportName) {
    }

    private DeployableTemplate(final StackTemplate template, final ResourceTypes types,
                               final Map<String, JsonNode> parameters, final StackExports exports) {
        this.template = template;
        this.types = types;
        this.parameters = parameters;
        this.exports = exports;
        evaluateConditions();
        final Set<String> created = new LinkedHashSet<>();
        template.resources().values().stream().filter(this::isCreated)
            .forEach(resource -> created.add(resource.logicalId()));
        created.forEach(logicalId -> {
            final TemplateResource resource = template.resources().get(logicalId);
            final Set<String> references = new LinkedHashSet<>(TemplateReferences.of(resource.properties(),
                conditions));
            references.addAll(resource.dependsOn());
            references.retainAll(created);
            dependencies.put(logicalId, references);
        });
        this.order = DependencyOrder.of(dependencies, template.fileName());
    }

    /**
     * @param displayName the file as messages name it
     * @param given       --parameter values
     * @param exports     the exports of the target's other stacks
     * @throws InputException listing every problem found
     */
    static DeployableTemplate load(final Path file, final String displayName, final Map<String, String> given,
                                   final StackState stack, final ResourceTypes types, final StackExports exports) {
        final StackTemplate template = StackTemplate.parse(TemplateReader.read(file, displayName), displayName,
            types.typeNames());
        final DeployableTemplate deployable = new DeployableTemplate(template, types,
            StackParameters.resolve(template, given, stack), exports);
        deployable.checkBeforeDeploying(stack);
        return deployable;
    }

    private void evaluateConditions() {
        final StackTemplate.Problems problems = new StackTemplate.Problems(template.fileName());
        template.conditions().keySet().forEach(name -> {
            try {
                condition(name);
            } catch (final InputException e) {
                problems.addAll(e);
            }
        });
        problems.throwIfAny();
    }

    /** A condition's value, evaluated on first use: conditions may use each other in any order, not in a cycle. */
    private Optional<Boolean> condition(final String name) {
        final JsonNode declared = template.conditions().get(name);
        if (declared == null) {
            return Optional.empty();
        }
        if (!conditions.containsKey(name)) {
            if (!evaluating.add(name)) {
                final List<String> cycle = new ArrayList<>(evaluating);
                throw new InputException(template.fileName() + ": Conditions: circular condition references "
                    + String.join(" -> ", cycle.subList(cycle.indexOf(name), cycle.size())) + " -> " + name);
            }
            try {
                conditions.put(name, resolver(null).condition(declared, "Conditions." + name));
            } finally {
                evaluating.remove(name);
            }
        }
        return Optional.of(conditions.get(name));
    }

    private boolean isCreated(final TemplateResource resource) {
        return resource.condition() == null || conditions.get(resource.condition());
    }

    private void checkBeforeDeploying(final StackState stack) {
        final StackTemplate.Problems problems = new StackTemplate.Problems(template.fileName());
        template.resources().values().forEach(resource -> {
            final String place = "Resources." + resource.logicalId();
            resource.dependsOn().forEach(target -> {
                if (!template.resources().containsKey(target)) {
                    problems.add(place + ".DependsOn", "names '" + target + "', which is not a resource of this "
                        + "template");
                } else if (isCreated(resource)) {
                    notCreated(target).ifPresent(reason -> problems.add(place + ".DependsOn", reason));
                }
            });
            checkNamesLeftOut(resource.properties(), isCreated(resource), propertiesPlace(resource.logicalId()),
                problems);
        });
        final Map<String, DeployedResource> nothingDeployed = Map.of();
        for (final String logicalId : order) {
            try {
                final ResolvedProperties resolved = resolve(logicalId, nothingDeployed);
                violations(logicalId, resolved).forEach(problem -> problems.add(problem.place(), problem.problem()));
            } catch (final InputException e) {
                problems.addAll(e);
            }
        }
        template.outputs().values().forEach(output -> {
            final boolean exists = output.condition() == null || conditions.get(output.condition());
            checkNamesLeftOut(output.value(), exists, "Outputs." + output.name() + ".Value", problems);
        });
        checkExports(outputs(stack.resources(), problems), stack, problems);
        problems.throwIfAny();
    }

    /**
     * CloudFormation checks every name a template uses before it evaluates conditions: a name in a resource or an
     * output the conditions leave out, or in an Fn::If branch not taken, must still be declared.
     *
     * @param evaluated whether the value itself is resolved (then only its branches not taken are left to check)
     */
    private void checkNamesLeftOut(final JsonNode value, final boolean evaluated, final String place,
                                   final StackTemplate.Problems problems) {
        final Set<String> names = new LinkedHashSet<>(TemplateReferences.of(value));
        if (evaluated) {
            names.removeAll(TemplateReferences.of(value, conditions));
        }
        names.stream()
            .filter(name -> !parameters.containsKey(name) && !template.resources().containsKey(name)
                && !name.equals(IntrinsicResolver.NO_VALUE))
            .forEach(name -> problems.add(place, "no parameter or resource is named '" + name + "' (in a part the "
                + "conditions leave out, which CloudFormation checks all the same)"));
    }

    /**
     * Export names are unique among the target's stacks, and an export another stack imports can be neither removed
     * nor changed. Values still unknown (their resources not deployed) are checked again once deployed, by
     * {@link #exportsInUse}.
     */
    private void checkExports(final List<Output> planned, final StackState stack,
                              final StackTemplate.Problems problems) {
        final Map<String, String> exporters = new LinkedHashMap<>();
        planned.stream().filter(output -> output.exportName() != null).forEach(output -> {
            final String place = "Outputs." + output.name() + ".Export.Name";
            final String earlier = exporters.putIfAbsent(output.exportName(), output.name());
            if (earlier != null) {
                problems.add(place, "Outputs." + earlier + " exports " + output.exportName() + " too: an export "
                    + "name is unique in an account and Region");
            }
            exports.export(output.exportName()).ifPresent(other -> problems.add(place, "Export with name "
                + output.exportName() + " is already exported by stack " + other.stackName()));
        });
        exportsInUse(stack, planned).forEach(problem -> problems.add("Outputs", problem));
    }

    /** What CloudFormation refuses when the stack's exports become those of {@code planned}. */
    List<String> exportsInUse(final StackState stack, final List<Output> planned) {
        return exports.inUse(stack.exports(), exportsOf(planned));
    }

    /** The exports of outputs, by name; a null value is not known yet. */
    static Map<String, String> exportsOf(final List<Output> outputs) {
        final Map<String, String> exported = new LinkedHashMap<>();
        outputs.stream().filter(output -> output.exportName() != null)
            .forEach(output -> exported.put(output.exportName(), output.value()));
        return exported;
    }

    /** The exports of other stacks the template imports (known once it has been checked, as {@link #load} does). */
    Set<String> imports() {
        return imports;
    }

    /** The resources its conditions create, each after those it depends on. */
    List<String> order() {
        return order;
    }

    Set<String> dependencies(final String logicalId) {
        return dependencies.get(logicalId);
    }

    String type(final String logicalId) {
        return template.resources().get(logicalId).type();
    }

    RemovalPolicies policies(final String logicalId) {
        return template.resources().get(logicalId).policies();
    }

    /** A resource's properties as they resolve with the resources deployed so far, in the schema's types. */
    ResolvedProperties resolve(final String logicalId, final Map<String, DeployedResource> deployed) {
        final IntrinsicResolver resolver = resolver(deployed);
        final TemplateResource resource = template.resources().get(logicalId);
        final ObjectNode properties = Json.object();
        final Set<String> unknown = new HashSet<>();
        resource.properties().fields().forEachRemaining(property -> {
            final JsonNode value = resolver.resolve(property.getValue(), propertiesPlace(logicalId) + "."
                + property.getKey());
            if (value != null && value.isMissingNode()) {
                unknown.add(property.getKey());
            } else if (value != null) {
                properties.set(property.getKey(), value);
            }
        });
        return new ResolvedProperties(schema(logicalId).coerce(properties), unknown);
    }

    /** What the schema finds wrong with resolved properties, placed in this template. */
    List<PlacedViolation> violations(final String logicalId, final ResolvedProperties resolved) {
        return schema(logicalId).violations(resolved.properties(), resolved.unknown()).stream()
            .map(violation -> new PlacedViolation(violation.placeIn(propertiesPlace(logicalId)), violation.problem()))
            .toList();
    }

    /**
     * The outputs whose conditions hold, their values as far as the deployed resources allow. Export names cannot
     * depend on a resource, as in CloudFormation, so they are resolved without any.
     */
    List<Output> outputs(final Map<String, DeployedResource> deployed) {
        final StackTemplate.Problems problems = new StackTemplate.Problems(template.fileName());
        final List<Output> outputs = outputs(deployed, problems);
        problems.throwIfAny();
        return outputs;
    }

    /** The outputs that resolve; {@code problems} gets those that do not. */
    private List<Output> outputs(final Map<String, DeployedResource> deployed, final StackTemplate.Problems problems) {
        final IntrinsicResolver resolver = resolver(deployed);
        final IntrinsicResolver withoutResources = resolver(Map.of());
        final List<Output> outputs = new ArrayList<>();
        for (final TemplateOutput output : template.outputs().values()) {
            if (output.condition() != null && !conditions.get(output.condition())) {
                continue;
            }
            final String place = "Outputs." + output.name();
            try {
                final JsonNode value = resolver.resolve(output.value(), place + ".Value");
                final String exportName = output.exportName() == null ? null
                    : exportName(withoutResources.resolve(output.exportName(), place + ".Export.Name"), place);
                if (value != null) {
                    outputs.add(new Output(output.name(), value.isMissingNode() ? null
                        : value.isContainerNode() ? value.toString() : value.asText(), exportName));
                }
            } catch (final InputException e) {
                problems.addAll(e);
            }
        }
        return outputs;
    }

    private String exportName(final JsonNode name, final String place) {
        final String text = Json.scalarText(name);
        if (name != null && name.isMissingNode()) {
            throw new InputException(template.fileName() + ": " + place + ".Export.Name: an export name cannot "
                + "depend on a resource (no Ref or Fn::GetAtt of a resource here)");
        }
        if (text == null || text.isEmpty()) {
            throw new InputException(template.fileName() + ": " + place + ".Export.Name: must be a non-empty string");
        }
        return text;
    }

    /** @param deployed the resources deployed so far; null while evaluating Conditions, which use no resource */
    private IntrinsicResolver resolver(final Map<String, DeployedResource> deployed) {
        return new IntrinsicResolver(new StackBindings(deployed),
            logicalId -> schema(logicalId).attributeNames(), template.fileName());
    }

    private ResourceSchema schema(final String logicalId) {
        return types.schema(type(logicalId));
    }

    /** Why a resource of the template is not created: its condition is false. */
    private Optional<String> notCreated(final String logicalId) {
        final TemplateResource resource = template.resources().get(logicalId);
        if (isCreated(resource)) {
            return Optional.empty();
        }
        return Optional.of(String.format("Unresolved resource dependencies [%s] in the Resources block of the "
            + "template: %s is not created, as its condition %s is false (refer to it within Fn::If [%s, ...])",
            logicalId, logicalId, resource.condition(), resource.condition()));
    }

    private static String propertiesPlace(final String logicalId) {
        return "Resources." + logicalId + ".Properties";
    }

    /** Names as they stand for this stack: parameters, conditions, mappings, exports, the resources deployed so far. */
    private final class StackBindings implements Bindings {
        /** Null while evaluating Conditions. */
        private final Map<String, DeployedResource> deployed;

        StackBindings(final Map<String, DeployedResource> deployed) {
            this.deployed = deployed;
        }

        @Override
        public Optional<JsonNode> parameter(final String name) {
            return Optional.ofNullable(parameters.get(name));
        }

        @Override
        public boolean isResource(final String logicalId) {
            return template.resources().containsKey(logicalId);
        }

        @Override
        public Optional<String> unavailable(final String logicalId) {
            return deployed == null ? Optional.of("a condition cannot refer to a resource (conditions use parameters, "
                + "pseudo parameters and mappings)") : notCreated(logicalId);
        }

        @Override
        public JsonNode physicalId(final String logicalId) {
            final DeployedResource resource = deployed.get(logicalId);
            return resource == null ? MissingNode.getInstance() : Json.NODES.textNode(resource.physicalId());
        }

        @Override
        public JsonNode attribute(final String logicalId, final String attribute) {
            final DeployedResource resource = deployed.get(logicalId);
            if (resource == null) {
                return MissingNode.getInstance();
            }
            return resource.attributes().has(attribute) ? resource.attributes().get(attribute) : Json.NODES.nullNode();
        }

        @Override
        public Optional<Boolean> condition(final String name) {
            return DeployableTemplate.this.condition(name);
        }

        @Override
        public Optional<JsonNode> mapping(final String name) {
            return Optional.ofNullable(template.mappings().get(name));
        }

        @Override
        public Optional<String> exportedValue(final String name) {
            final Optional<String> value = exports.export(name).map(StackExports.Export::value);
            value.ifPresent(found -> imports.add(name));
            return value;
        }
    }
}
