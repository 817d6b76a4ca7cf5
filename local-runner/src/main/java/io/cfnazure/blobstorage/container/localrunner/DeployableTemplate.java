package io.cfnazure.blobstorage.container.localrunner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.blobstorage.container.localrunner.StackTemplate.TemplateResource;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A template made ready for one stack: read, its parameters settled, every reference and every property the schema
 * can judge checked, and its resources ordered by dependency. What CloudFormation would refuse up front is refused
 * here, before anything is created. Properties that use another resource's attributes can only be checked once that
 * resource is deployed: {@link #violations} checks them again then.
 */
final class DeployableTemplate {

    private final StackTemplate template;
    private final ResourceSchema schema;
    private final Map<String, JsonNode> parameters;
    private final Map<String, Set<String>> dependencies;
    private final List<String> order;

    /** A resource's properties resolved as far as the deployed resources allow. */
    record ResolvedProperties(ObjectNode properties, Set<String> unknown) {
    }

    /** A problem with its place in the template, e.g. {@code Resources.Backup.Properties.ContainerName}. */
    record PlacedViolation(String place, String problem) {
    }

    private DeployableTemplate(final StackTemplate template, final ResourceSchema schema,
                               final Map<String, JsonNode> parameters) {
        this.template = template;
        this.schema = schema;
        this.parameters = parameters;
        this.dependencies = new LinkedHashMap<>();
        template.resources().values().forEach(resource -> {
            final Set<String> references = new LinkedHashSet<>(TemplateReferences.of(resource.properties()));
            references.addAll(resource.dependsOn());
            references.retainAll(template.resources().keySet());
            dependencies.put(resource.logicalId(), references);
        });
        this.order = DependencyOrder.of(dependencies, template.fileName());
    }

    /**
     * @param displayName the file as messages name it
     * @param given       --parameter values
     * @throws InputException listing every problem found
     */
    static DeployableTemplate load(final Path file, final String displayName, final Map<String, String> given,
                                   final StackState stack, final ResourceSchema schema) {
        final StackTemplate template = StackTemplate.parse(TemplateReader.read(file, displayName), displayName,
            schema.typeName());
        final DeployableTemplate deployable = new DeployableTemplate(template, schema,
            StackParameters.resolve(template, given, stack));
        deployable.checkBeforeDeploying();
        return deployable;
    }

    private void checkBeforeDeploying() {
        final StackTemplate.Problems problems = new StackTemplate.Problems(template.fileName());
        template.resources().values().forEach(resource -> resource.dependsOn().stream()
            .filter(target -> !template.resources().containsKey(target))
            .forEach(target -> problems.add("Resources." + resource.logicalId() + ".DependsOn",
                "names '" + target + "', which is not a resource of this template")));
        final Map<String, DeployedResource> nothingDeployed = Map.of();
        for (final String logicalId : order) {
            try {
                final ResolvedProperties resolved = resolve(logicalId, nothingDeployed);
                violations(logicalId, resolved).forEach(problem -> problems.add(problem.place(), problem.problem()));
            } catch (final InputException e) {
                problems.addAll(e);
            }
        }
        try {
            outputs(nothingDeployed);
        } catch (final InputException e) {
            problems.addAll(e);
        }
        problems.throwIfAny();
    }

    /** The resources, each after those it depends on. */
    List<String> order() {
        return order;
    }

    Set<String> dependencies(final String logicalId) {
        return dependencies.get(logicalId);
    }

    String type(final String logicalId) {
        return template.resources().get(logicalId).type();
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
        return new ResolvedProperties(schema.coerce(properties), unknown);
    }

    /** What the schema finds wrong with resolved properties, placed in this template. */
    List<PlacedViolation> violations(final String logicalId, final ResolvedProperties resolved) {
        return schema.violations(resolved.properties(), resolved.unknown()).stream()
            .map(violation -> new PlacedViolation(violation.placeIn(propertiesPlace(logicalId)), violation.problem()))
            .toList();
    }

    /** The Outputs' values; unresolvable ones (their resources not deployed) are left out. */
    Map<String, String> outputs(final Map<String, DeployedResource> deployed) {
        final IntrinsicResolver resolver = resolver(deployed);
        final Map<String, String> values = new LinkedHashMap<>();
        template.outputs().forEach((name, value) -> {
            final JsonNode resolved = resolver.resolve(value, "Outputs." + name + ".Value");
            if (resolved != null && !resolved.isMissingNode()) {
                values.put(name, resolved.isContainerNode() ? resolved.toString() : resolved.asText());
            }
        });
        return values;
    }

    private IntrinsicResolver resolver(final Map<String, DeployedResource> deployed) {
        return new IntrinsicResolver(new DeployedBindings(deployed), schema.attributeNames(), template.fileName());
    }

    private static String propertiesPlace(final String logicalId) {
        return "Resources." + logicalId + ".Properties";
    }

    /** Names as they stand while deploying: parameters, and the resources deployed so far. */
    private final class DeployedBindings implements Bindings {
        private final Map<String, DeployedResource> deployed;

        DeployedBindings(final Map<String, DeployedResource> deployed) {
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
    }
}
