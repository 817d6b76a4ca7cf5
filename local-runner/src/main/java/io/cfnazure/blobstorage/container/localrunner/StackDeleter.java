package io.cfnazure.blobstorage.container.localrunner;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Deletes a stack as CloudFormation does: its resources in reverse dependency order (those whose DeletionPolicy
 * retains them are left in Azure), then the stack itself. A resource that fails to delete keeps what it depends on:
 * its account is not asked to go while the container is still in it.
 */
final class StackDeleter {

    private final ResourceOperations operations;
    private final EventPrinter printer;
    private final StackStore store;

    StackDeleter(final ResourceOperations operations, final EventPrinter printer, final StackStore store) {
        this.operations = operations;
        this.printer = printer;
        this.store = store;
    }

    /** @return whether every resource is gone; otherwise the stack stays, with the resources that are left */
    boolean delete(final StackState stack) {
        printer.stackEvent("DELETE_IN_PROGRESS", stack.stackName(), "User Initiated");
        final List<String> failed = new ArrayList<>();
        // What the resources still there depend on: kept.
        final Set<String> needed = new HashSet<>();
        for (final String logicalId : stack.deletionOrder(List.copyOf(stack.resources().keySet()))) {
            final DeployedResource resource = stack.resources().get(logicalId);
            if (needed.contains(logicalId)) {
                needed.addAll(resource.dependsOn());
            } else if (operations.remove(logicalId, resource, StackTemplate.DELETION_POLICY,
                resource.policies().deletion(), false)) {
                stack.resources().remove(logicalId);
                store.save(stack);
            } else {
                failed.add(logicalId);
                needed.addAll(resource.dependsOn());
            }
        }
        if (failed.isEmpty()) {
            store.delete(stack.stackName());
            printer.stackEvent("DELETE_COMPLETE", stack.stackName(), null);
            return true;
        }
        printer.stackEvent("DELETE_FAILED", stack.stackName(),
            "The following resource(s) failed to delete: " + failed + ".");
        return false;
    }
}
