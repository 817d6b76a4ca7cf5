package io.cfnazure.blobstorage.container.localrunner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.blobstorage.container.localrunner.DeployPlanner.Change;
import io.cfnazure.blobstorage.container.localrunner.DeployPlanner.Kind;
import io.cfnazure.blobstorage.container.localrunner.DeployableTemplate.PlacedViolation;
import io.cfnazure.blobstorage.container.localrunner.DeployableTemplate.ResolvedProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Deploys a template into a stack in CloudFormation's order: resources in dependency order (created, updated in
 * place, or replaced by creating the new one first), then in the cleanup phase the replaced originals and the
 * resources the template no longer has are deleted. When a resource fails, what this deploy did is rolled back.
 */
final class StackDeployer {

    private final ResourceSchema schema;
    private final Function<StackState, ResourceOperations> operationsOf;
    private final EventPrinter printer;
    private final StackStore store;
    private final DeployPlanner planner;

    StackDeployer(final ResourceSchema schema, final Function<StackState, ResourceOperations> operationsOf,
                  final EventPrinter printer, final StackStore store) {
        this.schema = schema;
        this.operationsOf = operationsOf;
        this.printer = printer;
        this.store = store;
        this.planner = new DeployPlanner(schema);
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

    private boolean isUpToDate(final DeployableTemplate template, final StackState stack) {
        if (!stack.resources().keySet().equals(Set.copyOf(template.order()))) {
            return false;
        }
        return template.order().stream().allMatch(logicalId -> {
            final ResolvedProperties resolved = template.resolve(logicalId, stack.resources());
            return resolved.unknown().isEmpty()
                && planner.decide(resolved.properties(), stack.resources().get(logicalId)).kind() == Kind.NO_CHANGE;
        });
    }

    private void printOutputs(final DeployableTemplate template, final StackState stack) {
        final Map<String, String> outputs = template.outputs(stack.resources());
        if (!outputs.isEmpty()) {
            printer.line("Outputs:");
            outputs.forEach((name, value) -> printer.line(String.format("  %-24s %s", name, value)));
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
                    rollBack(logicalId);
                    return false;
                }
            }
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
            final ObjectNode properties = resolved.properties();
            final Set<String> dependsOn = template.dependencies(logicalId);
            final Change change = planner.decide(properties, current);
            return switch (change.kind()) {
                case NO_CHANGE -> {
                    stack.resources().put(logicalId, new DeployedResource(current.type(), current.physicalId(),
                        current.properties(), current.attributes(), dependsOn));
                    yield true;
                }
                case CREATE -> record(operations.create(logicalId, properties, dependsOn, "CREATE"),
                    new Created(logicalId));
                case UPDATE -> record(operations.update(logicalId, current, properties, dependsOn),
                    new Updated(logicalId, current));
                case REPLACE -> record(operations.create(logicalId, properties, dependsOn, "UPDATE"),
                    new Replaced(logicalId, current));
                case REPLACE_CUSTOM_NAMED -> {
                    printer.event("UPDATE_FAILED", logicalId, template.type(logicalId), String.format(
                        "CloudFormation cannot update a stack when a custom-named resource requires replacing. "
                            + "Rename %s and update the stack again. (Create-only properties changed: %s)",
                        properties.path(DeployPlanner.NAME_PROPERTY).asText(),
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

        /** Deletes the originals of replaced resources and the resources the template dropped. */
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
                deletedAll &= operations.delete(replacement.logicalId(), replacement.original());
            }
            for (final String logicalId : stack.deletionOrder(dropped)) {
                if (operations.delete(logicalId, stack.resources().get(logicalId))) {
                    stack.resources().remove(logicalId);
                    store.save(stack);
                } else {
                    deletedAll = false;
                }
            }
            return deletedAll;
        }

        private void rollBack(final String failed) {
            printer.stackEvent(creatingStack ? "ROLLBACK_IN_PROGRESS" : "UPDATE_ROLLBACK_IN_PROGRESS",
                stack.stackName(), String.format("The following resource(s) failed to %s: [%s].",
                    creatingStack ? "create" : "update", failed));
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
            if (step instanceof Updated updated) {
                final Optional<DeployedResource> restored = operations.update(logicalId, current,
                    updated.before().properties(), updated.before().dependsOn());
                restored.ifPresent(resource -> stack.resources().put(logicalId, resource));
                return restored.isPresent();
            }
            if (!operations.delete(logicalId, current)) {
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
