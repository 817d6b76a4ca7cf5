package io.cfnazure.blobstorage.container.localrunner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.localcloud.cloudformation.CloudFormationDriver;
import io.cfnazure.localcloud.cloudformation.HandlerRequest;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.cloudformation.Action;

/**
 * Single resource operations of one stack as CloudFormation runs them: the handler invoked to its end and the
 * stack events printed. Update, Read and Delete get the primary identifier added to the properties, as
 * CloudFormation adds it.
 */
final class ResourceOperations {

    static final String REPLACEMENT_REASON =
        "Requested update requires the creation of a new physical resource; hence creating one.";

    /** CloudFormation calling each type's handler, by type name. */
    private final Map<String, CloudFormationDriver> cloudFormation;
    private final ObjectNode typeConfiguration;
    private final EventPrinter printer;
    private final ResourceTypes types;
    private final String stackId;

    /** @param typeConfiguration null when none is set; the types share its settings (AzureCredentials, AzureCloud) */
    ResourceOperations(final Map<String, CloudFormationDriver> cloudFormation, final ObjectNode typeConfiguration,
                       final EventPrinter printer, final ResourceTypes types, final String stackId) {
        this.cloudFormation = cloudFormation;
        this.typeConfiguration = typeConfiguration;
        this.printer = printer;
        this.types = types;
        this.stackId = stackId;
    }

    /**
     * @param verb     CREATE, or UPDATE when the new resource replaces an old one (CloudFormation's events then say so)
     * @param policies the template's DeletionPolicy and UpdateReplacePolicy, kept with the resource
     * @return the new resource; empty when the handler failed
     */
    Optional<DeployedResource> create(final String logicalId, final String type, final ObjectNode properties,
                                      final Set<String> dependsOn, final RemovalPolicies policies, final String verb) {
        printer.event(verb + "_IN_PROGRESS", logicalId, type, verb.equals("UPDATE") ? REPLACEMENT_REASON : null);
        final HandlerResult result = run(verb, Action.CREATE, logicalId, type, properties, null);
        return deployed(verb, logicalId, type, properties, dependsOn, policies, result);
    }

    /** @return the updated resource; empty when the handler failed */
    Optional<DeployedResource> update(final String logicalId, final DeployedResource current,
                                      final ObjectNode properties, final Set<String> dependsOn,
                                      final RemovalPolicies policies) {
        final String type = current.type();
        printer.event("UPDATE_IN_PROGRESS", logicalId, type, null);
        final HandlerResult result = run("UPDATE", Action.UPDATE, logicalId, type,
            withIdentifier(type, properties, current.physicalId()),
            withIdentifier(type, current.properties(), current.physicalId()));
        return deployed("UPDATE", logicalId, type, properties, dependsOn, policies, result);
    }

    /**
     * Takes a resource out of the stack as its policy says: deleted, or left in Azure and forgotten by the stack,
     * which CloudFormation reports as DELETE_SKIPPED.
     *
     * @param attribute            the template attribute that decides: DeletionPolicy or UpdateReplacePolicy
     * @param itsCreationRollsBack whether this rolls back the operation that created the resource
     * @return whether the resource is out of the stack
     */
    boolean remove(final String logicalId, final DeployedResource resource, final String attribute,
                   final RemovalPolicy policy, final boolean itsCreationRollsBack) {
        if (!policy.retains(itsCreationRollsBack)) {
            return delete(logicalId, resource);
        }
        printer.event("DELETE_SKIPPED", logicalId, resource.type(), resource.physicalId() + " (" + attribute + " "
            + policy.templateName() + ": left in Azure, no longer part of the stack)");
        return true;
    }

    /** @return whether the resource is gone; a resource already gone counts as deleted, as in CloudFormation */
    boolean delete(final String logicalId, final DeployedResource resource) {
        printer.event("DELETE_IN_PROGRESS", logicalId, resource.type(), resource.physicalId());
        final HandlerResult result = run("DELETE", Action.DELETE, logicalId, resource.type(),
            withIdentifier(resource.type(), resource.properties(), resource.physicalId()), null);
        if (result.succeeded() || result.notFound()) {
            printer.event("DELETE_COMPLETE", logicalId, resource.type(),
                resource.physicalId() + (result.notFound() ? " (it was already gone)" : ""));
            return true;
        }
        printer.event("DELETE_FAILED", logicalId, resource.type(), result.statusReason());
        return false;
    }

    /** Reads the resource as drift detection does: from its identifier and the properties it was deployed with. */
    HandlerResult read(final String logicalId, final DeployedResource resource) {
        return run(resource.type(), request(Action.READ, logicalId,
            withIdentifier(resource.type(), resource.properties(), resource.physicalId()), null), progress -> { });
    }

    private HandlerResult run(final String verb, final Action action, final String logicalId, final String type,
                              final ObjectNode desired, final ObjectNode previous) {
        return run(type, request(action, logicalId, desired, previous), progress -> {
            if (progress.message() != null) {
                printer.event(verb + "_IN_PROGRESS", logicalId, type, progress.message());
            }
        });
    }

    private HandlerRequest request(final Action action, final String logicalId, final ObjectNode desired,
                                   final ObjectNode previous) {
        return HandlerRequest.of(action.name(), stackId, logicalId, desired).withPrevious(previous)
            .withTypeConfiguration(typeConfiguration);
    }

    private HandlerResult run(final String type, final HandlerRequest request,
                              final Consumer<HandlerResult> onProgress) {
        final String token = request.clientRequestToken();
        return HandlerResult.parse(cloudFormation.get(type).invoke(request,
            progress -> onProgress.accept(HandlerResult.parse(progress, token))), token);
    }

    private Optional<DeployedResource> deployed(final String verb, final String logicalId, final String type,
                                                final ObjectNode properties, final Set<String> dependsOn,
                                                final RemovalPolicies policies, final HandlerResult result) {
        if (!result.succeeded() || result.resourceModel() == null) {
            printer.event(verb + "_FAILED", logicalId, type, result.succeeded()
                ? "The handler reported success without a resource model" : result.statusReason());
            return Optional.empty();
        }
        final String physicalId = result.resourceModel().path(types.schema(type).primaryIdentifier()).asText();
        printer.event(verb + "_COMPLETE", logicalId, type, physicalId);
        return Optional.of(new DeployedResource(type, physicalId, properties, result.resourceModel(), dependsOn,
            policies));
    }

    private ObjectNode withIdentifier(final String type, final ObjectNode properties, final String physicalId) {
        final ObjectNode model = properties.deepCopy();
        model.put(types.schema(type).primaryIdentifier(), physicalId);
        return model;
    }
}
