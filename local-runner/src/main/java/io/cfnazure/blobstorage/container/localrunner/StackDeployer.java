package io.cfnazure.blobstorage.container.localrunner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.blobstorage.container.localrunner.DeployPlanner.Change;
import io.cfnazure.blobstorage.container.localrunner.DeployPlanner.Kind;
import io.cfnazure.blobstorage.container.localrunner.DeployableTemplate.Output;
import io.cfnazure.blobstorage.container.localrunner.DeployableTemplate.PlacedViolation;
import io.cfnazure.blobstorage.container.localrunner.DeployableTemplate.ResolvedProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Deploys a template into a stack in CloudFormation's order: resources in dependency order (created, updated in
 * place, or replaced by creating the new one first), then the stack's exports, then in the cleanup phase the replaced
 * originals and the resources the template no longer creates are deleted, or retained as their policies say. When a
 * resource fails, or an export another stack imports would change, what this deploy did is rolled back.
 */
final class StackDeployer {

    private final ResourceTypes types;
    private final Function<StackState, ResourceOperations> operationsOf;
    private final EventPrinter printer;
    private final StackStore store;
    private final DeployPlanner planner;

    StackDeployer(final ResourceTypes types, final Function<StackState, ResourceOperations> operationsOf,
                  final EventPrinter printer, final StackStore store) {
        this.types = types;
        this.operationsOf = operationsOf;
        this.printer = printer;
        this.store = store;
        this.planner = new DeployPlanner(types);
    }

    /** @return whether the stack reached CREATE_COMPLETE or UPDATE_COMPLETE, with its cleanup done */
    boolean deploy(final DeployableTemplate template, final StackState stack) {
        if (isUpToDate(template, stack)) {
            printer.line("No changes to deploy. Stack " + stack.stackName() + " is up to date.");
            printOutputs(template, stack);
            return true;
        }
        return new Deployment(template, stack).run();
    }

    /** Nothing to do: the same resources, properties and policies, the same exports and imports. */
    private boolean isUpToDate(final DeployableTemplate template, final StackState stack) {
        if (!stack.resources().keySet().equals(Set.copyOf(template.order()))) {
            return false;
        }
        final boolean resourcesUnchanged = template.order().stream().allMatch(logicalId -> {
            final DeployedResource deployed = stack.resources().get(logicalId);
            final ResolvedProperties resolved = template.resolve(logicalId, stack.resources());
            return resolved.unknown().isEmpty() && deployed.policies().equals(template.policies(logicalId))
                && planner.decide(resolved.properties(), deployed).kind() == Kind.NO_CHANGE;
        });
        return resourcesUnchanged && stack.imports().equals(template.imports())
            && stack.exports().equals(DeployableTemplate.exportsOf(template.outputs(stack.resources())));
    }

    private void printOutputs(final DeployableTemplate template, final StackState stack) {
        final List<Output> outputs = template.outputs(stack.resources()).stream()
            .filter(output -> output.value() != null).toList();
        if (!outputs.isEmpty()) {
            printer.line("Outputs:");
            outputs.forEach(output -> printer.line(String.format("  %-24s %s%s", output.name(), output.value(),
                output.exportName() == null ? "" : "  (export " + output.exportName() + ")")));
        }
    }

    /** What a deploy has done so far, to undo in reverse order on failure. */
    private sealed interface Step {
        String logicalId();
    }

    private record Created(String logicalId) implements Step {
    }

    private record Updated(String logicalId, DeployedResource before) implements Step {
    }

    private record Replaced(String logicalId, DeployedResource original) implements Step {
    }

    /** Left as it was in Azure, its record given the template's dependencies and policies. */
    private record Rerecorded(String logicalId, DeployedResource before) implements Step {
    }

    /** One run of a deploy. */
    private final class Deployment {
        private final DeployableTemplate template;
        private final StackState stack;
        private final boolean creatingStack;
        private final ResourceOperations operations;
        private final List<Step> done = new ArrayList<>();

        Deployment(final DeployableTemplate template, final StackState stack) {
            this.template = template;
            this.stack = stack;
            this.creatingStack = stack.resources().isEmpty();
            this.operations = operationsOf.apply(stack);
        }

        boolean run() {
            printer.stackEvent(creatingStack ? "CREATE_IN_PROGRESS" : "UPDATE_IN_PROGRESS", stack.stackName(),
                "User Initiated");
            for (final String logicalId : template.order()) {
                if (!apply(logicalId)) {
                    rollBack(String.format("The following resource(s) failed to %s: [%s].",
                        creatingStack ? "create" : "update", logicalId));
                    return false;
                }
            }
            final List<Output> outputs = template.outputs(stack.resources());
            final List<String> exportsInUse = template.exportsInUse(stack, outputs);
            if (!exportsInUse.isEmpty()) {
                rollBack(String.join("; ", exportsInUse));
                return false;
            }
            stack.exports().clear();
            stack.exports().putAll(DeployableTemplate.exportsOf(outputs));
            stack.imports().clear();
            stack.imports().addAll(template.imports());
            store.save(stack);
            final boolean cleanedUp = cleanUp();
            printer.stackEvent(creatingStack ? "CREATE_COMPLETE" : "UPDATE_COMPLETE", stack.stackName(), null);
            printOutputs(template, stack);
            return cleanedUp;
        }

        private boolean apply(final String logicalId) {
            final DeployedResource current = stack.resources().get(logicalId);
            final String verb = current == null ? "CREATE" : "UPDATE";
            final ResolvedProperties resolved = template.resolve(logicalId, stack.resources());
            final List<PlacedViolation> violations = template.violations(logicalId, resolved);
            if (!violations.isEmpty()) {
                printer.event(verb + "_FAILED", logicalId, template.type(logicalId), "Properties validation failed: "
                    + violations.stream().map(v -> v.place() + ": " + v.problem()).collect(Collectors.joining("; ")));
                return false;
            }
            if (current != null && !current.type().equals(template.type(logicalId))) {
                // CloudFormation's answer: a logical ID keeps its type; a new logical ID makes a new resource.
                printer.event("UPDATE_FAILED", logicalId, template.type(logicalId), "Update of resource type is not "
                    + "permitted. The new template modifies resource type of the following resources: [" + logicalId
                    + "]");
                return false;
            }
            final ObjectNode properties = resolved.properties();
            final Set<String> dependsOn = template.dependencies(logicalId);
            final RemovalPolicies policies = template.policies(logicalId);
            final Change change = planner.decide(properties, current);
            return switch (change.kind()) {
                case NO_CHANGE -> record(Optional.of(new DeployedResource(current.type(), current.physicalId(),
                    current.properties(), current.attributes(), dependsOn, policies)),
                    new Rerecorded(logicalId, current));
                case CREATE -> record(operations.create(logicalId, template.type(logicalId), properties, dependsOn,
                    policies, "CREATE"),
                    new Created(logicalId));
                case UPDATE -> record(operations.update(logicalId, current, properties, dependsOn, policies),
                    new Updated(logicalId, current));
                case REPLACE -> record(operations.create(logicalId, template.type(logicalId), properties, dependsOn,
                    policies, "UPDATE"),
                    new Replaced(logicalId, current));
                case REPLACE_CUSTOM_NAMED -> {
                    printer.event("UPDATE_FAILED", logicalId, template.type(logicalId), String.format(
                        "CloudFormation cannot update a stack when a custom-named resource requires replacing. "
                            + "Rename %s and update the stack again. (Create-only properties changed: %s)",
                        properties.path(types.get(template.type(logicalId)).nameProperty()).asText(),
                        String.join(", ", change.createOnlyChanges())));
                    yield false;
                }
            };
        }

        private boolean record(final Optional<DeployedResource> deployed, final Step step) {
            deployed.ifPresent(resource -> {
                stack.resources().put(step.logicalId(), resource);
                store.save(stack);
                done.add(step);
            });
            return deployed.isPresent();
        }

        /**
         * Removes the originals of replaced resources as the template's UpdateReplacePolicy says, and the resources the
         * template no longer creates (dropped, or their condition turned false) as their DeletionPolicy says.
         */
        private boolean cleanUp() {
            final List<Replaced> replaced = done.stream().filter(Replaced.class::isInstance).map(Replaced.class::cast)
                .toList();
            final List<String> dropped = stack.resources().keySet().stream()
                .filter(logicalId -> !template.order().contains(logicalId)).toList();
            if (replaced.isEmpty() && dropped.isEmpty()) {
                return true;
            }
            printer.stackEvent("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", stack.stackName(), null);
            boolean deletedAll = true;
            for (final Replaced replacement : replaced) {
                // The policy of the template being deployed, as CloudFormation applies it to the old resource.
                deletedAll &= operations.remove(replacement.logicalId(), replacement.original(),
                    StackTemplate.UPDATE_REPLACE_POLICY,
                    stack.resources().get(replacement.logicalId()).policies().updateReplace(), false);
            }
            for (final String logicalId : stack.deletionOrder(dropped)) {
                final DeployedResource resource = stack.resources().get(logicalId);
                if (operations.remove(logicalId, resource, StackTemplate.DELETION_POLICY,
                    resource.policies().deletion(), false)) {
                    stack.resources().remove(logicalId);
                    store.save(stack);
                } else {
                    deletedAll = false;
                }
            }
            return deletedAll;
        }

        private void rollBack(final String reason) {
            printer.stackEvent(creatingStack ? "ROLLBACK_IN_PROGRESS" : "UPDATE_ROLLBACK_IN_PROGRESS",
                stack.stackName(), reason);
            boolean undoneAll = true;
            for (int i = done.size() - 1; i >= 0; i--) {
                undoneAll &= undo(done.get(i));
                store.save(stack);
            }
            if (creatingStack && undoneAll) {
                store.delete(stack.stackName()); // nothing of the stack is left
            }
            printer.stackEvent((creatingStack ? "ROLLBACK_" : "UPDATE_ROLLBACK_") + (undoneAll ? "COMPLETE" : "FAILED"),
                stack.stackName(), null);
        }

        private boolean undo(final Step step) {
            final String logicalId = step.logicalId();
            final DeployedResource current = stack.resources().get(logicalId);
            if (step instanceof Rerecorded rerecorded) {
                stack.resources().put(logicalId, rerecorded.before());
                return true;
            }
            if (step instanceof Updated updated) {
                final Optional<DeployedResource> restored = operations.update(logicalId, current,
                    updated.before().properties(), updated.before().dependsOn(), updated.before().policies());
                restored.ifPresent(resource -> stack.resources().put(logicalId, resource));
                return restored.isPresent();
            }
            // Created by this deploy: its DeletionPolicy decides, Retain keeping it even now (RetainExceptOnCreate not).
            if (!operations.remove(logicalId, current, StackTemplate.DELETION_POLICY, current.policies().deletion(),
                true)) {
                return false;
            }
            if (step instanceof Replaced replaced) {
                stack.resources().put(logicalId, replaced.original());
            } else {
                stack.resources().remove(logicalId);
            }
            return true;
        }
    }
}
